import type { VersionRequirement } from '../../domain/versions/requirements.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';

export function presentRequirement(l: Linker, pacticipant: string, version: string, r: VersionRequirement) {
  return {
    requires: r.requires,
    ...(r.atLeast !== null ? { atLeast: r.atLeast } : {}),
    ...(r.range !== null ? { range: r.range } : {}),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    _links: {
      self: l.link(routes.versionRequirement(pacticipant, version, r.requires), { title: 'Requirement' }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
      'pb:required-pacticipant': l.link(routes.pacticipant(r.requires), { title: 'Pacticipant', name: r.requires }),
    },
  };
}

export function presentRequirements(l: Linker, pacticipant: string, version: string, rs: VersionRequirement[]) {
  return {
    _embedded: { requirements: rs.map((r) => presentRequirement(l, pacticipant, version, r)) },
    _links: {
      self: l.link(routes.versionRequirements(pacticipant, version), { title: 'Requirements' }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
    },
  };
}
