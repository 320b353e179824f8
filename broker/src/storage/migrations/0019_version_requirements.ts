import { pk, type Migration } from './types.ts';

/**
 * Requirements a version declares on another pacticipant (issue 21): at or above a version (`at_least`), or within a
 * semver range (`semver_range`), exactly one of the two. can-i-rollback treats each as evidence (`declared`) for the pairs
 * of that version with the other pacticipant's versions. One per (version, other pacticipant): a PUT replaces it.
 */
const migration: Migration = {
  id: 19,
  name: 'version requirements',
  up: (d) => [
    `CREATE TABLE version_requirements (id ${pk(d)},
       version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
       required_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
       at_least TEXT, semver_range TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
       UNIQUE (version_id, required_id))`,
    'CREATE INDEX version_requirements_required ON version_requirements (required_id)',
  ],
  down: () => ['DROP TABLE version_requirements'],
};
export default migration;
