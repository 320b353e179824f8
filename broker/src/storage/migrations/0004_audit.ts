import { pk, type Migration } from './types.ts';

/**
 * The audit log: who published pacts or verification results, recorded deployments, undeployments or
 * releases, and asked a gate to ignore something. Rows are written inside the transaction of the
 * write they describe, and never updated.
 */
const migration: Migration = {
  id: 4,
  name: 'audit',
  up: (d) => [
    `CREATE TABLE audit_log (id ${pk(d)}, occurred_at TEXT NOT NULL, request_id TEXT, principal TEXT NOT NULL,
       principal_kind TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT)`,
    `CREATE INDEX audit_log_action ON audit_log (action, id)`,
  ],
  down: () => ['DROP INDEX audit_log_action', 'DROP TABLE audit_log'],
};

export default migration;
