/**
 * The data migrations a version introduced (issue 21). Recording is idempotent and never silent about a change: the
 * same body again changes nothing, a different body for a recorded id is a conflict (a migration's reversibility
 * never changes silently); only an admin deletes one (the route table says who may).
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  insertMigration,
  migrationsOfVersions,
  removeMigration,
  type MigrationRow,
} from '../../repositories/migrations.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { versionOr404 } from '../lookup.ts';
import { ensureVersionWithLabels, MAX_LABEL_LENGTH } from './ensure.ts';

export interface MigrationDeclaration {
  reversible: boolean;
  /** The command or runbook line that reverts it: required when reversible, absent when not. */
  down: string | null;
}

export interface VersionMigration extends MigrationDeclaration {
  id: string;
  createdAt: string;
}

const view = (r: MigrationRow): VersionMigration => ({
  id: r.migration_id,
  reversible: r.reversible === 1,
  down: r.down,
  createdAt: r.created_at,
});

function checkId(id: string): void {
  if (id.trim() === '' || id.length > MAX_LABEL_LENGTH || /[\r\n]/.test(id))
    throw ValidationError.of('migration', message('migration.bad-id', { max: MAX_LABEL_LENGTH }));
}

/**
 * Records migration `id` of `pacticipant` `version`, creating both if needed (as a tag PUT does). Returns the
 * migration and whether it is new; a different declaration for a recorded id is a 409 naming both.
 */
export function* recordMigration(
  hooks: Hooks,
  pacticipant: string,
  version: string,
  id: string,
  declared: MigrationDeclaration,
): Program<{ migration: VersionMigration; created: boolean }> {
  checkId(id);
  const { consumer: p, version: row } = yield* ensureVersionWithLabels(pacticipant, version, {});
  const added = yield* insertMigration(row.id, id, declared.reversible, declared.down);
  const stored = (yield* migrationsOfVersions([row.id])).find((m) => m.migration_id === id);
  if (!stored) throw new Error(`migration ${id} of ${pacticipant} ${version} vanished in its own transaction`);
  const migration = view(stored);
  if (!added && (migration.reversible !== declared.reversible || migration.down !== declared.down))
    throw new ConflictError(
      message('migration.changed', {
        pacticipant,
        version,
        id,
        recorded: describe(migration),
        sent: describe(declared),
      }),
    );
  if (added)
    yield* hooks.emit('migrationRecorded', {
      pacticipantId: p.id,
      pacticipant: p.name,
      versionId: row.id,
      version,
      migration: id,
      reversible: declared.reversible,
    });
  return { migration, created: added };
}

const describe = (m: MigrationDeclaration): string => (m.reversible ? `reversible by "${m.down}"` : 'irreversible');

/** The migrations `pacticipant` `version` introduced, in the order they were recorded (404 for an unknown version). */
export function* migrationsOf(pacticipant: string, version: string): Program<VersionMigration[]> {
  const { version: row } = yield* versionOr404(pacticipant, version);
  return (yield* migrationsOfVersions([row.id])).map(view);
}

export function* migrationOr404(pacticipant: string, version: string, id: string): Program<VersionMigration> {
  const found = (yield* migrationsOf(pacticipant, version)).find((m) => m.id === id);
  if (!found) throw new NotFoundError(message('migration.not-found', { pacticipant, version, id }));
  return found;
}

export function* deleteMigration(hooks: Hooks, pacticipant: string, version: string, id: string): Program<void> {
  const { pacticipant: p, version: row } = yield* versionOr404(pacticipant, version);
  if (!(yield* removeMigration(row.id, id)))
    throw new NotFoundError(message('migration.not-found', { pacticipant, version, id }));
  yield* hooks.emit('migrationDeleted', { pacticipantId: p.id, pacticipant: p.name, version, migration: id });
}
