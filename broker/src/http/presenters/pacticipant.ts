import type { PacticipantRow } from '../../repositories/pacticipants.ts';
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
