import { pk, type Migration } from './types.ts';

/**
 * The durable job queue (broker/src/queue/): comparison precompute, webhook deliveries. A job is one
 * row per (kind, dedupe_key), so enqueueing the same work twice is one job. Times are ISO strings
 * (they compare correctly as text). `locked_by`/`locked_until` are the lease of the worker running it:
 * a running job whose lease expired (its instance crashed) is claimable again.
 */
const migration: Migration = {
  id: 2,
  name: 'jobs',
  up: (d) => [
    `CREATE TABLE jobs (id ${pk(d)}, kind TEXT NOT NULL, dedupe_key TEXT NOT NULL, payload TEXT NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
       attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, run_after TEXT NOT NULL,
       locked_by TEXT, locked_until TEXT, last_error TEXT,
       created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
       UNIQUE (kind, dedupe_key))`,
    // The claim query: due queued jobs and expired leases of one kind, oldest first.
    `CREATE INDEX jobs_claim ON jobs (kind, status, run_after)`,
  ],
  down: () => ['DROP TABLE jobs'],
};
export default migration;
