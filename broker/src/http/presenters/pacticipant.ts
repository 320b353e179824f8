import type { PacticipantRow } from '../../domain/pacticipants/queries.ts';
import { presentPage } from './page.ts';
import { path, routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';

export function presentPacticipant(l: Linker, p: PacticipantRow) {
  const self = routes.pacticipant(p.name);
  return {
    name: p.name,
    displayName: p.display_name ?? p.name,
    mainBranch: p.main_branch ?? undefined,
    repositoryUrl: p.repository_url ?? undefined,
    repositoryName: p.repository_name ?? undefined,
    repositoryNamespace: p.repository_namespace ?? undefined,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    _links: {
      self: l.link(self, { name: p.name }),
      'pb:versions': l.link(`${self}/versions`),
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

/** `GET /pacticipants`: a page of pacticipants, each with its labels embedded (as the Pact Broker's PacticipantDecorator). */
export function presentPacticipants(
  l: Linker,
  rows: PacticipantRow[],
  p: { page: number; size: number },
  total: number,
  labels: Map<string, string[]> = new Map(),
) {
  const pages = presentPage(l, '/pacticipants', p, total);
  const pacticipants = rows.map((r) => ({
    ...presentPacticipant(l, r),
    _embedded: {
      labels: (labels.get(r.name) ?? []).map((name) => ({
        name,
        _links: { self: l.link(`${routes.pacticipant(r.name)}/labels/${path(name)}`, { name }) },
      })),
    },
  }));
  return {
    _embedded: { pacticipants },
    // Also at the top level: the Rust `pact-broker list-pacticipants` table reads `pacticipants`, not `_embedded`.
    pacticipants,
    page: pages.page,
    _links: {
      self: l.link('/pacticipants'),
      ...pages.links,
      'pb:pacticipants': rows.map((r) => ({
        ...l.link(routes.pacticipant(r.name)),
        name: r.name,
        title: r.display_name ?? r.name,
      })),
    },
  };
}
