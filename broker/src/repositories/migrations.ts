/** The data migrations versions declare (issue 21; migration 0018). */
import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

export interface MigrationRow {
  version_id: number;
  migration_id: string;
  reversible: number;
  down: string | null;
  created_at: string;
}

const migrationRows = rowType<MigrationRow>('version migration', {
  version_id: integer,
  migration_id: text,
  reversible: flag,
  down: nullable(text),
  created_at: text,
});

const COLUMNS = 'version_id, migration_id, reversible, down, created_at';

/** The migrations of these versions, in the order they were recorded. */
export function* migrationsOfVersions(versionIds: readonly number[]): Program<MigrationRow[]> {
  return yield* migrationRows.allIn([...versionIds], (ids, chunk) => [
    `SELECT ${COLUMNS} FROM version_migrations WHERE version_id IN ${ids} ORDER BY id`,
    chunk,
  ]);
}

/** Records a migration unless the version already has one with this id; true when it was added. */
export function* insertMigration(
  versionId: number,
  migrationId: string,
  reversible: boolean,
  down: string | null,
): Program<boolean> {
  const res = yield* run(
    `INSERT INTO version_migrations (version_id, migration_id, reversible, down, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (version_id, migration_id) DO NOTHING`,
    [versionId, migrationId, reversible ? 1 : 0, down, nowIso()],
  );
  return res.changes > 0;
}

export function* removeMigration(versionId: number, migrationId: string): Program<boolean> {
  const res = yield* run('DELETE FROM version_migrations WHERE version_id = ? AND migration_id = ?', [
    versionId,
    migrationId,
  ]);
  return res.changes > 0;
}
