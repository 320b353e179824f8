import { pk, type Migration } from './types.ts';

/**
 * Rollback safety you can watch (issue 21): the any-subset verdict of each deployed pacticipant, kept per environment
 * and re-evaluated in the background after the writes that can change it (`rollback_safety`), each change of verdict
 * with its reason and the writes since the evaluation before (`rollback_safety_changes`: the timeline), and per
 * environment the number of live pairs without evidence (`rollback_safety_environments`). Derived data: the answers
 * do not read it, so its writes leave the write counter alone.
 */
const migration: Migration = {
  id: 20,
  name: 'rollback safety',
  up: (d) => [
    `CREATE TABLE rollback_safety (
       environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
       pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
       verdict TEXT NOT NULL, reason TEXT NOT NULL, evaluated_at TEXT NOT NULL,
       PRIMARY KEY (environment_id, pacticipant_id))`,
    `CREATE TABLE rollback_safety_changes (id ${pk(d)},
       environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
       pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
       previous_verdict TEXT, verdict TEXT NOT NULL, reason TEXT NOT NULL, writes TEXT NOT NULL, changed_at TEXT NOT NULL)`,
    'CREATE INDEX rollback_safety_changes_environment ON rollback_safety_changes (environment_id, id)',
    `CREATE TABLE rollback_safety_environments (
       environment_id INTEGER NOT NULL PRIMARY KEY REFERENCES environments(id) ON DELETE CASCADE,
       unknown_pairs INTEGER NOT NULL, evaluated_at TEXT NOT NULL)`,
  ],
  down: () => [
    'DROP TABLE rollback_safety_changes',
    'DROP TABLE rollback_safety',
    'DROP TABLE rollback_safety_environments',
  ],
};
export default migration;
