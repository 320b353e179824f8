import type { PacticipantRow, VersionRow } from '../../domain/pacticipants/queries.ts';
import { presentPage } from './page.ts';
import { path, routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';

/** A version as a pacticipant resource embeds it (the Pact Broker's embedded version). */
function embeddedVersion(l: Linker, pacticipant: string, v: VersionRow) {
  return {
    number: v.number,
    _links: { self: { title: 'Version', name: v.number, href: l.url(routes.version(pacticipant, v.number)) } },
  };
}

/**
 * A pacticipant; `latest`, its latest version, is embedded as `latestVersion` and, for the Pact Broker's older
 * clients, as `latest-version` (the Pact Broker keeps both, as it keeps the `versions` link beside `pb:versions`).
 */
export function presentPacticipant(l: Linker, p: PacticipantRow, latest?: VersionRow) {
  const self = routes.pacticipant(p.name);
  const embedded = latest ? embeddedVersion(l, p.name, latest) : undefined;
  return {
    name: p.name,
    displayName: p.display_name ?? p.name,
    mainBranch: p.main_branch ?? undefined,
    repositoryUrl: p.repository_url ?? undefined,
    repositoryName: p.repository_name ?? undefined,
    repositoryNamespace: p.repository_namespace ?? undefined,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    ...(embedded ? { _embedded: { latestVersion: embedded, 'latest-version': embedded } } : {}),
    _links: {
      self: l.link(self, { name: p.name }),
      'pb:versions': l.link(`${self}/versions`),
      versions: l.link(`${self}/versions`, { title: 'Deprecated: use pb:versions' }),
      'pb:version': l.link(`${self}/versions/{version}`, { templated: true }),
      'pb:version-tag': l.link(`${self}/versions/{version}/tags/{tag}`, { templated: true }),
      'pb:branch-version': l.link(`${self}/branches/{branch}/versions/{version}`, { templated: true }),
      'pb:branches': l.link(`${self}/branches`),
      'pb:latest-version': l.link(`${self}/latest-version`),
      'pb:can-i-deploy-badge': l.link(`${self}/latest-version/{tag}/can-i-deploy/to/{environmentTag}/badge`, {
        templated: true,
      }),
      'pb:label': l.link(`${self}/labels/{label}`, { templated: true }),
      'pb:pacticipant': l.link(`/pacticipants/${path('{pacticipant}')}`, { templated: true }),
    },
  };
}

/** `GET /pacticipants`: a page of pacticipants. */
export function presentPacticipants(
  l: Linker,
  rows: { row: PacticipantRow; latest?: VersionRow }[],
  p: { page: number; size: number },
  total: number,
) {
  const pages = presentPage(l, '/pacticipants', p, total);
  const pacticipants = rows.map((r) => presentPacticipant(l, r.row, r.latest));
  return {
    _embedded: { pacticipants },
    // Also at the top level: the Rust `pact-broker list-pacticipants` table reads `pacticipants`, not `_embedded`.
    pacticipants,
    page: pages.page,
    _links: {
      self: l.link('/pacticipants'),
      ...pages.links,
      'pb:pacticipants': rows.map(({ row: r }) => ({
        ...l.link(routes.pacticipant(r.name)),
        name: r.name,
        title: r.display_name ?? r.name,
      })),
      // The Pact Broker's older relation, which its older clients read: titled with the name.
      pacticipants: rows.map(({ row: r }) => ({
        ...l.link(routes.pacticipant(r.name)),
        title: r.name,
        name: 'Deprecated: use pb:pacticipants',
      })),
    },
  };
}
