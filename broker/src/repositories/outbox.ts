import { nowIso } from './clock.ts';
import { get, inList, run, type Program } from '../storage/sql.ts';
import { integer, nullable, oneOf, rowType, text } from './decode.ts';

/**
 * The outbox table (migration 0007): domain events appended inside the write that caused them, and
 * consumed in batches by the dispatcher (broker/src/events/dispatcher.ts). Untyped here; the catalogue
 * of events and their payloads is domain/events.ts.
 */
export interface OutboxRow {
  id: number;
  event: string;
  payload: string;
  principal: string;
  principal_kind: string;
  request_id: string | null;
  occurred_at: string;
  status: 'pending' | 'done';
  attempts: number;
  run_after: string | null;
  last_error: string | null;
  consumed_at: string | null;
}

const outboxRows = rowType<OutboxRow>('outbox', {
  id: integer,
  event: text,
  payload: text,
  principal: text,
  principal_kind: text,
  request_id: nullable(text),
  occurred_at: text,
  status: oneOf('pending', 'done'),
  attempts: integer,
  run_after: nullable(text),
  last_error: nullable(text),
  consumed_at: nullable(text),
});

const depthRow = rowType<{ pending: number; failing: number | null; oldest: string | null }>('outbox depth', {
  pending: integer,
  failing: nullable(integer),
  oldest: nullable(text),
});

/** Longest stored error text: a handler's stack must not bloat the table. */
const MAX_ERROR_LENGTH = 4000;

export function* appendEvent(
  event: string,
  payload: unknown,
  actor: { principal: string; principalKind: string; requestId?: string },
): Program<void> {
  yield* run(
    `INSERT INTO outbox (event, payload, principal, principal_kind, request_id, occurred_at, status, attempts)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0)`,
    [event, JSON.stringify(payload), actor.principal, actor.principalKind, actor.requestId ?? null, nowIso()],
  );
}

/** A pending event that is due: a fresh one has no `run_after`; a failed one waits for its retry time. */
const DUE = `status = 'pending' AND (run_after IS NULL OR run_after <= ?)`;

/**
 * Locks up to `limit` due pending events, oldest first, for the rest of the caller's transaction.
 * PostgreSQL skips rows another instance has locked (`FOR UPDATE SKIP LOCKED`), so dispatchers of
 * several instances take disjoint batches; SQLite's write transaction is already exclusive. A fresh
 * event has no `run_after`, so it is due whatever the clock says; a failed one waits for its retry time.
 */
export function* lockPendingEvents(limit: number, onlyIds?: readonly number[]): Program<OutboxRow[]> {
  if (onlyIds && !onlyIds.length) return [];
  const only = onlyIds ? `AND id IN ${inList(onlyIds)}` : '';
  const sql = `SELECT * FROM outbox WHERE ${DUE} ${only} ORDER BY id LIMIT ?`;
  const params = [nowIso(), ...(onlyIds ?? []), limit];
  return yield* outboxRows.all({ sqlite: sql, postgres: `${sql} FOR UPDATE SKIP LOCKED` }, params);
}

/** Up to `limit` due pending events, oldest first, without locking them (what the handlers prepare for). */
export function* duePendingEvents(limit: number): Program<OutboxRow[]> {
  return yield* outboxRows.all(`SELECT * FROM outbox WHERE ${DUE} ORDER BY id LIMIT ?`, [nowIso(), limit]);
}

export function* markEventsDone(ids: readonly number[]): Program<void> {
  if (!ids.length) return;
  const now = nowIso();
  yield* run(`UPDATE outbox SET status = 'done', consumed_at = ?, last_error = NULL WHERE id IN ${inList(ids)}`, [
    now,
    ...ids,
  ]);
}

/**
 * Records a failed attempt at a pending event: it is due again `delayMs(attempts so far)` from now.
 * Never given up (nothing acknowledged is lost); `outboxDepth` counts the failing ones. Returns the attempts.
 */
export function* markEventFailed(id: number, error: unknown, delayMs: (attempts: number) => number): Program<number> {
  const row = yield* get<{ attempts: number }>("SELECT attempts FROM outbox WHERE id = ? AND status = 'pending'", [id]);
  if (!row) return 0;
  const attempts = Number(row.attempts) + 1;
  const text = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_LENGTH);
  const retryAt = new Date(Date.parse(nowIso()) + delayMs(attempts)).toISOString();
  yield* run('UPDATE outbox SET attempts = ?, last_error = ?, run_after = ? WHERE id = ?', [
    attempts,
    text,
    retryAt,
    id,
  ]);
  return attempts;
}

export interface OutboxDepth {
  /** Events not consumed yet. */
  pending: number;
  /** Of those, how many failed at least once. */
  failing: number;
  /** When the oldest pending event happened (null when none). */
  oldestPendingAt: string | null;
}

export function* outboxDepth(): Program<OutboxDepth> {
  const row = yield* depthRow.get(
    `SELECT COUNT(*) AS pending, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS failing, MIN(occurred_at) AS oldest
     FROM outbox WHERE status = 'pending'`,
  );
  return { pending: row?.pending ?? 0, failing: row?.failing ?? 0, oldestPendingAt: row?.oldest ?? null };
}

/** Deletes up to `limit` consumed events consumed before `before` (retention); returns how many. */
export function* purgeConsumedEvents(before: Date, limit: number): Program<number> {
  return (yield* run(
    `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'done' AND consumed_at < ? ORDER BY consumed_at LIMIT ?)`,
    [before.toISOString(), limit],
  )).changes;
}
