import type { EnvironmentRow } from '../../domain/environments/queries.ts';
import type { VersionRow } from '../../domain/versions/queries.ts';
import type { VersionViewData } from '../../domain/versions/view.ts';
import { routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';
import { presentPage } from './page.ts';

export interface VersionView {
  pacticipant: string;
  version: VersionRow;
  branches: { branch: string; created_at: string }[];
  tags: { name: string; created_at: string }[];
  environments: EnvironmentRow[];
  deployedIn?: {
    environment: string;
    uuid: string;
    currentlyDeployed: boolean;
    applicationInstance: string | null;
    createdAt: string;
  }[];
  releasedIn?: { environment: string; uuid: string; currentlySupported: boolean; createdAt: string }[];
  pacts?: { provider: string; href: string }[];
}

/** A version resource, with one pb:record-deployment and one pb:record-release link per environment. */
export function presentVersion(l: Linker, v: VersionView) {
  const self = routes.version(v.pacticipant, v.version.number);
  return {
    number: v.version.number,
    buildUrl: v.version.build_url ?? undefined,
    createdAt: v.version.created_at,
    branch: v.branches.at(-1)?.branch,
    _embedded: {
      branchVersions: v.branches.map((b) => ({
        name: b.branch,
        latest: undefined,
        createdAt: b.created_at,
        _links: { self: l.link(routes.branchVersion(v.pacticipant, b.branch, v.version.number), { name: b.branch }) },
      })),
      tags: v.tags.map((t) => ({
        name: t.name,
        createdAt: t.created_at,
        _links: { self: l.link(routes.versionTag(v.pacticipant, v.version.number, t.name), { name: t.name }) },
      })),
      ...(v.deployedIn ? { deployedVersions: v.deployedIn } : {}),
      ...(v.releasedIn ? { releasedVersions: v.releasedIn } : {}),
    },
    _links: {
      self: l.link(self, { name: v.version.number, title: 'Version' }),
      'pb:pacticipant': l.link(routes.pacticipant(v.pacticipant), { name: v.pacticipant, title: 'Pacticipant' }),
      'pb:tag': l.link(`${self}/tags/{tag}`, {
        templated: true,
        title: 'Get, create or delete a tag for this version',
      }),
      'pb:pact-versions': (v.pacts ?? []).map((p) => ({
        href: p.href,
        name: `Pact between ${v.pacticipant} (${v.version.number}) and ${p.provider}`,
      })),
      'pb:record-deployment': v.environments.map((e) => ({
        ...l.link(`${self}/deployed-versions/environment/${e.uuid}`),
        name: e.name,
        title: `Record deployment to ${e.display_name ?? e.name}`,
      })),
      'pb:record-release': v.environments.map((e) => ({
        ...l.link(`${self}/released-versions/environment/${e.uuid}`),
        name: e.name,
        title: `Record release to ${e.display_name ?? e.name}`,
      })),
    },
  };
}

/** The version resource of a domain version view, its pacts linked by consumer version. */
export function presentVersionView(l: Linker, view: VersionViewData) {
  return presentVersion(l, {
    ...view,
    pacts: view.pacts.map((p) => ({
      provider: p.provider,
      href: l.url(routes.pactForVersion(p.provider, view.pacticipant, view.version.number)),
    })),
  });
}

/** `GET /pacticipants/{p}/versions`: a page of versions. */
export function presentVersions(
  l: Linker,
  pacticipant: string,
  rows: VersionRow[],
  page: { page: number; size: number },
  total: number,
) {
  const pages = presentPage(l, `${routes.pacticipant(pacticipant)}/versions`, page, total);
  return {
    _embedded: {
      versions: rows.map((v) => ({
        number: v.number,
        buildUrl: v.build_url ?? undefined,
        createdAt: v.created_at,
        _links: { self: l.link(routes.version(pacticipant, v.number), { name: v.number }) },
      })),
    },
    page: pages.page,
    _links: {
      self: l.link(`${routes.pacticipant(pacticipant)}/versions`),
      ...pages.links,
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant)),
    },
  };
}

export function presentTag(l: Linker, pacticipant: string, version: string, tag: string) {
  return {
    name: tag,
    _links: {
      self: l.link(routes.versionTag(pacticipant, version, tag), { title: 'Tag', name: tag }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant), { title: 'Pacticipant', name: pacticipant }),
    },
  };
}
