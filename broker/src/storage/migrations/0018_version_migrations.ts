import { pk, type Migration } from './types.ts';

/**
 * The data migrations a version introduced (issue 21): reversible with the command that reverts it (`down`), or not.
 * can-i-rollback reads those of the versions a rollback crosses. A recorded migration's reversibility never changes
 * (a different body is a 409), so rows are only inserted and, by an admin, deleted. Numbered 18: 10 to 17 are taken by
 * the work landing beside this one.
 */
const migration: Migration = {
  id: 18,
  name: 'version migrations',
  up: (d) => [
    `CREATE TABLE version_migrations (id ${pk(d)},
       version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
       migration_id TEXT NOT NULL, reversible INTEGER NOT NULL, down TEXT, created_at TEXT NOT NULL,
       UNIQUE (version_id, migration_id))`,
  ],
  down: () => ['DROP TABLE version_migrations'],
};
export default migration;
