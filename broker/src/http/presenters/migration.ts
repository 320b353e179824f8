import type { VersionMigration } from '../../domain/versions/migrations.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';

export function presentMigration(l: Linker, pacticipant: string, version: string, m: VersionMigration) {
  return {
    id: m.id,
    reversible: m.reversible,
    down: m.down,
    createdAt: m.createdAt,
    _links: {
      self: l.link(routes.versionMigration(pacticipant, version, m.id), { title: 'Migration', name: m.id }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant), { title: 'Pacticipant', name: pacticipant }),
    },
  };
}

export function presentMigrations(l: Linker, pacticipant: string, version: string, ms: VersionMigration[]) {
  return {
    _embedded: { migrations: ms.map((m) => presentMigration(l, pacticipant, version, m)) },
    _links: {
      self: l.link(routes.versionMigrations(pacticipant, version), { title: 'Migrations' }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
    },
  };
}
