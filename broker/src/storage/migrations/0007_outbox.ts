import { pk, type Migration } from './types.ts';

/**
 * The outbox of domain events (broker/src/events/, docs/architecture.md "Events"): every write others
 * care about appends its event here inside its own transaction; the dispatcher consumes pending rows
 * in batches in the background (at least once; handlers are idempotent) and marks them done. `principal`
 * and `request_id` say who caused the event. `run_after` is null until a failed attempt sets a retry time,
 * so a fresh event is due whatever the clock says. Retention deletes done rows (ROLLGATE_RETENTION_EVENTS_DAYS).
 *
 * Also the indexes retention deletes by (jobs, audit rows and webhook triggers older than their settings),
 * so that a purge batch reads only what it deletes.
 */
const migration: Migration = {
  id: 7,
  name: 'outbox',
  up: (d) => [
    `CREATE TABLE outbox (id ${pk(d)}, event TEXT NOT NULL, payload TEXT NOT NULL,
       principal TEXT NOT NULL, principal_kind TEXT NOT NULL, request_id TEXT, occurred_at TEXT NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('pending', 'done')), attempts INTEGER NOT NULL DEFAULT 0,
       run_after TEXT, last_error TEXT, consumed_at TEXT)`,
    // The claim: pending events, oldest first. Partial, so it holds only the (few) pending rows.
    `CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending'`,
    `CREATE INDEX outbox_consumed ON outbox (consumed_at) WHERE status = 'done'`,
    `CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('done', 'failed')`,
    `CREATE INDEX audit_log_occurred ON audit_log (occurred_at)`,
    `CREATE INDEX webhook_triggers_finished ON webhook_triggers (updated_at) WHERE status IN ('success', 'failure', 'cancelled')`,
  ],
  down: () => [
    'DROP INDEX webhook_triggers_finished',
    'DROP INDEX audit_log_occurred',
    'DROP INDEX jobs_finished',
    'DROP TABLE outbox',
  ],
};
export default migration;
