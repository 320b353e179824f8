import type { Migration } from './types.ts';

/**
 * What each scoped write changed (issue 15): `answer_stamp_log.detail` says what kind of fact moved an environment's
 * stamp (`deploy`, `pact`, `verification:<provider version id>`, `comparison:<pact sha>`, `subsumption:<pact version
 * id>`; null for anything else), so a reader that kept an environment's rollback world can bring it up to date from
 * the changes since, not read it all again (domain/rollback/world-memo.ts). The index on (scope, id) reads them.
 */
const migration: Migration = {
  id: 22,
  name: 'answer stamp changes',
  up: () => [
    'ALTER TABLE answer_stamp_log ADD COLUMN detail TEXT',
    'CREATE INDEX answer_stamp_log_scope_id ON answer_stamp_log (scope, id)',
    'DROP INDEX answer_stamp_log_scope',
  ],
  down: () => [
    'CREATE INDEX answer_stamp_log_scope ON answer_stamp_log (scope)',
    'DROP INDEX answer_stamp_log_scope_id',
    'ALTER TABLE answer_stamp_log DROP COLUMN detail',
  ],
};
export default migration;
