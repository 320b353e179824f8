import { nowIso } from '../repositories/clock.ts';
import { all, get, inList, readCommitted, run, type Program } from '../storage/sql.ts';

/**
 * The durable job queue, as storage programs (table `jobs`, migration 0002). Every operation is a
 * program, so it runs in the caller's transaction: `yield* enqueue(...)` inside a write program commits
 * the job atomically with the write that caused it (a 2xx never loses its follow-up work).
 *
 * Delivery is at-least-once: a job whose worker crashed is run again once its lease expires, so
 * handlers must be idempotent. `complete`/`fail`/`extendLease` are fenced by (locked_by, attempts): a
 * worker that lost its lease cannot overwrite the outcome of the worker that took the job over.
 */
type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job<P = unknown> {
  id: number;
  kind: string;
  key: string;
  payload: P;
  status: JobStatus;
  /** Claims so far, counting the current one. */
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

interface JobRow {
  id: number;
  kind: string;
  dedupe_key: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const DEFAULT_MAX_ATTEMPTS = 5;
/** Longest stored error text: a handler's stack must not bloat the table. */
const MAX_ERROR_LENGTH = 4000;

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAfter?: Date;
  /** Attempts before the job is `failed` for good (default 5). */
  maxAttempts?: number;
}

const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function toJob<P>(r: JobRow): Job<P> {
  return {
    id: r.id,
    kind: r.kind,
    key: r.dedupe_key,
    payload: JSON.parse(r.payload) as P,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAfter: r.run_after,
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

/**
 * Queues a job unless one with the same (kind, key) exists, whatever its status: enqueueing the same
 * work twice is one job. Returns the job and whether this call created it.
 */
export function* enqueue<P>(
  kind: string,
  key: string,
  payload: P,
  opts: EnqueueOptions = {},
): Program<{ job: Job<P>; created: boolean }> {
  const now = nowIso();
  const runAfter = opts.runAfter ? opts.runAfter.toISOString() : now;
  const res = yield* run(
    `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, max_attempts, run_after, created_at, updated_at)
     VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?) ON CONFLICT (kind, dedupe_key) DO NOTHING`,
    [kind, key, JSON.stringify(payload ?? null), opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, runAfter, now, now],
  );
  const job = (yield* findJob<P>(kind, key))!;
  return { job, created: res.changes > 0 };
}

/** Rows per multi-row insert of `enqueueAll` (7 parameters each: far below either database's limit). */
const ENQUEUE_CHUNK = 250;

/**
 * Queues many jobs set-based: one multi-row insert per 250 jobs, each skipped when a job with its (kind, key) exists,
 * whatever its status (as `enqueue`), and nothing read back. For fan-out that plans hundreds of jobs in one
 * transaction (the evidence planner after a batch of events): `enqueue` costs two statements per job. Returns how
 * many were created.
 */
export function* enqueueAll(
  jobs: readonly { kind: string; key: string; payload: unknown }[],
  opts: EnqueueOptions = {},
): Program<number> {
  const now = nowIso();
  const runAfter = opts.runAfter ? opts.runAfter.toISOString() : now;
  const attempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let created = 0;
  for (let i = 0; i < jobs.length; i += ENQUEUE_CHUNK) {
    const chunk = jobs.slice(i, i + ENQUEUE_CHUNK);
    const res = yield* run(
      `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, max_attempts, run_after, created_at, updated_at)
       VALUES ${chunk.map(() => "(?, ?, ?, 'queued', 0, ?, ?, ?, ?)").join(', ')}
       ON CONFLICT (kind, dedupe_key) DO NOTHING`,
      chunk.flatMap((j) => [j.kind, j.key, JSON.stringify(j.payload ?? null), attempts, runAfter, now, now]),
    );
    created += res.changes;
  }
  return created;
}

export function* findJob<P = unknown>(kind: string, key: string): Program<Job<P> | undefined> {
  const row = yield* get<JobRow>('SELECT * FROM jobs WHERE kind = ? AND dedupe_key = ?', [kind, key]);
  return row && toJob<P>(row);
}

export function* getJob<P = unknown>(id: number): Program<Job<P> | undefined> {
  const row = yield* get<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
  return row && toJob<P>(row);
}

/**
 * Claims up to `limit` jobs of the given kinds for `worker`: due queued jobs, and running jobs whose
 * lease expired (their worker crashed), oldest first. PostgreSQL locks the candidates with
 * `FOR UPDATE SKIP LOCKED`, so instances claiming at once never get the same job; SQLite's write
 * transaction is already exclusive. An expired job that used up its attempts becomes `failed` instead.
 *
 * One statement per kind for the queued jobs, each the first `limit` entries of one range of the
 * `jobs_claim` index (kind, status, run_after) in its order, and one for the expired leases (running jobs
 * are few): a claim reads about `limit` rows however long the backlog is. One statement with `kind IN`
 * and the two statuses OR'ed read and sorted every queued job of those kinds (4 ms a claim at 6,000 queued,
 * dozens of claims a second while a backlog drains).
 */
export function* claim(kinds: string | readonly string[], worker: string, leaseMs: number, limit = 1): Program<Job[]> {
  const list = [...new Set(typeof kinds === 'string' ? [kinds] : kinds)];
  if (!list.length || limit < 1) return [];
  const now = nowIso();
  const candidates: JobRow[] = [];
  for (const kind of list) {
    const queued = `SELECT * FROM jobs WHERE kind = ? AND status = 'queued' AND run_after <= ? ORDER BY run_after, id LIMIT ?`;
    candidates.push(
      ...(yield* all<JobRow>({ sqlite: queued, postgres: `${queued} FOR UPDATE SKIP LOCKED` }, [kind, now, limit])),
    );
  }
  const expired = `SELECT * FROM jobs WHERE kind IN ${inList(list)} AND status = 'running' AND locked_until <= ?
    ORDER BY run_after, id LIMIT ?`;
  candidates.push(
    ...(yield* all<JobRow>({ sqlite: expired, postgres: `${expired} FOR UPDATE SKIP LOCKED` }, [...list, now, limit])),
  );
  const rows = candidates
    .sort((a, b) => (a.run_after < b.run_after ? -1 : a.run_after > b.run_after ? 1 : a.id - b.id))
    .slice(0, limit);
  const exhausted = rows.filter((r) => r.attempts >= r.max_attempts);
  const toClaim = rows.filter((r) => r.attempts < r.max_attempts);
  for (const r of exhausted) {
    const why = `lease of ${r.locked_by} expired on attempt ${r.attempts} of ${r.max_attempts}${r.last_error ? `; last error: ${r.last_error}` : ''}`;
    yield* run(
      `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, finished_at = ?, updated_at = ?, last_error = ? WHERE id = ?`,
      [now, now, why.slice(0, MAX_ERROR_LENGTH), r.id],
    );
  }
  if (!toClaim.length) return [];
  const ids = toClaim.map((r) => r.id);
  const until = plusMs(now, leaseMs);
  yield* run(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?, locked_until = ?, updated_at = ? WHERE id IN ${inList(ids)}`,
    [worker, until, now, ...ids],
  );
  return toClaim.map((r) =>
    toJob({
      ...r,
      status: 'running',
      attempts: r.attempts + 1,
      locked_by: worker,
      locked_until: until,
      updated_at: now,
    }),
  );
}

/** The fence: only the holder of the current lease (same worker, same attempt) may settle a job. */
const HELD = `id = ? AND status = 'running' AND locked_by = ? AND attempts = ?`;
const held = (job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>) => [job.id, job.lockedBy, job.attempts];

/** Marks a claimed job done. False when the lease was lost (another worker took the job over). */
export function* complete(job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>): Program<boolean> {
  const now = nowIso();
  const res = yield* run(
    `UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, finished_at = ?, updated_at = ? WHERE ${HELD}`,
    [now, now, ...held(job)],
  );
  return res.changes > 0;
}

export interface FailOutcome {
  /** `queued`: it will be retried at `runAfter`; `failed`: attempts used up (or no retry asked); `lost`: the lease was lost. */
  status: 'queued' | 'failed' | 'lost';
  runAfter?: string;
}

/**
 * Records a failed attempt. The job is queued again at `retryAt` (default: `backoffMs` after now)
 * unless it used its last attempt or `retryAt` is null (a permanent failure): then it is `failed`.
 */
export function* fail(
  job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>,
  error: unknown,
  retryAt?: Date | null,
): Program<FailOutcome> {
  const row = yield* get<JobRow>(`SELECT * FROM jobs WHERE ${HELD}`, held(job));
  if (!row) return { status: 'lost' };
  const now = nowIso();
  const message = errorText(error);
  if (retryAt === null || row.attempts >= row.max_attempts) {
    const res = yield* run(
      `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = ?, finished_at = ?, updated_at = ? WHERE ${HELD}`,
      [message, now, now, ...held(job)],
    );
    return res.changes ? { status: 'failed' } : { status: 'lost' };
  }
  const runAfter = retryAt ? retryAt.toISOString() : plusMs(now, backoffMs(row.attempts));
  const res = yield* run(
    `UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL, last_error = ?, run_after = ?, updated_at = ? WHERE ${HELD}`,
    [message, runAfter, now, ...held(job)],
  );
  return res.changes ? { status: 'queued', runAfter } : { status: 'lost' };
}

/** Extends the lease of a job still held (a long handler calls this, the Worker does it on a timer). */
export function* extendLease(job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>, leaseMs: number): Program<boolean> {
  const now = nowIso();
  const res = yield* run(`UPDATE jobs SET locked_until = ?, updated_at = ? WHERE ${HELD}`, [
    plusMs(now, leaseMs),
    now,
    ...held(job),
  ]);
  return res.changes > 0;
}

/** Puts a failed (or done) job back in the queue with fresh attempts: an operator's retry. */
export function* requeue(id: number, runAfter?: Date): Program<boolean> {
  const now = nowIso();
  const res = yield* run(
    `UPDATE jobs SET status = 'queued', attempts = 0, run_after = ?, locked_by = NULL, locked_until = NULL, finished_at = NULL, updated_at = ?
     WHERE id = ? AND status IN ('failed', 'done')`,
    [runAfter ? runAfter.toISOString() : now, now, id],
  );
  return res.changes > 0;
}

/**
 * Deletes up to `limit` finished (done or failed) jobs that finished before `before`, oldest first;
 * returns how many (retention: broker/src/retention/). A later enqueue of the same key is then new
 * work, so callers that must not redo work check for its answer first, as the evidence planner does.
 */
export function* purgeFinishedJobs(before: Date, limit: number): Program<number> {
  return (yield* run(
    `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ?
       ORDER BY finished_at LIMIT ?)`,
    [before.toISOString(), limit],
  )).changes;
}

export interface QueueDepth {
  queued: number;
  /** Queued and due now. */
  ready: number;
  running: number;
  done: number;
  failed: number;
}

/** Jobs per status, for one kind or all. */
export function* depth(kind?: string): Program<QueueDepth> {
  const now = nowIso();
  const where = kind === undefined ? '' : 'WHERE kind = ?';
  const rows = yield* all<{ status: JobStatus; n: number; due: number | null }>(
    `SELECT status, COUNT(*) AS n, SUM(CASE WHEN run_after <= ? THEN 1 ELSE 0 END) AS due FROM jobs ${where} GROUP BY status`,
    kind === undefined ? [now] : [now, kind],
  );
  const out: QueueDepth = { queued: 0, ready: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) {
    out[r.status] = r.n;
    if (r.status === 'queued') out.ready = r.due ?? 0;
  }
  return out;
}

/** Jobs still to run or given up on, by kind and status, with the oldest queued job's time (/metrics). */
export function* jobStats(): Program<
  { kind: string; status: 'queued' | 'running' | 'failed'; count: number; oldestQueuedAt: string | null }[]
> {
  const rows = yield* all<{ kind: string; status: 'queued' | 'running' | 'failed'; n: number; oldest: string | null }>(
    `SELECT kind, status, COUNT(*) AS n, MIN(created_at) AS oldest FROM jobs
      WHERE status IN ('queued', 'running', 'failed') GROUP BY kind, status`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    status: r.status,
    count: r.n,
    oldestQueuedAt: r.status === 'queued' ? r.oldest : null,
  }));
}

/**
 * Runs a queue program as its own transaction at READ COMMITTED on PostgreSQL (the store's writes are
 * SERIALIZABLE). The queue's safety comes from row locks (`FOR UPDATE SKIP LOCKED`) and the lease
 * fence, not from serialisability, and under SERIALIZABLE concurrent claims and completions abort
 * each other (about one retry per job with two workers). Only for a whole transaction: the
 * isolation level can be set only before the first query, so never wrap part of another program.
 */
export function* queueTransaction<T>(program: Program<T>): Program<T> {
  return yield* readCommitted(program);
}

/** Exponential backoff before retry `attempt + 1`: 1 s, 2 s, 4 s, ... capped at one hour. */
export function backoffMs(attempt: number, baseMs = 1000, maxMs = 3_600_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}
