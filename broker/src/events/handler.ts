import type { EventName, StoredEvent } from '../domain/events.ts';
import type { Program } from '../storage/sql.ts';

/**
 * A background consumer of domain events (the outbox). The dispatcher hands it batches of the events
 * it names, oldest first, inside the transaction that marks the batch consumed: what it writes (jobs,
 * webhook triggers, ...) commits exactly once with the batch, and not at all when it throws.
 *
 * - Set-based: one call handles the whole batch with a fixed number of queries where it can, and
 *   coalesces what is the same work (ten deployments to one environment are one piece of work).
 * - Idempotent: a batch that fails is rolled back and its events retried one by one, and an instance
 *   that dies mid-batch leaves the events pending for another; keyed inserts (`enqueue`, triggers'
 *   dedupe keys) make a second pass harmless.
 * - Short: on SQLite the batch holds the write lock. Slow or outside work (a comparison, an HTTP
 *   delivery) is a job it enqueues, run by a queue worker.
 * - Bookkeeping only: a batch must not write what a cached answer reads (storage/write-counter.ts lists
 *   the tables that do not count); such a write belongs to the job that computes it.
 */
export interface EventHandler {
  /** Names the handler in logs. */
  readonly name: string;
  /** The events it consumes. */
  readonly events: readonly EventName[];
  handle(events: StoredEvent[]): Program<void>;
}
