import { enqueue } from '../queue/index.ts';
import { nowIso } from '../repositories/clock.ts';
import { get, type Program } from '../storage/sql.ts';

/** The job kind of a rollback safety evaluation (one environment each). */
export const SAFETY_JOB = 'rollback-safety';

/**
 * Asks for a rollback safety evaluation of each environment, for a change no outbox event carries: evidence stored
 * by a background job (a comparison or a subsumption check) can turn an unknown pair into a verdict. Coalesced: an
 * environment that already has an evaluation queued (not yet running) gets none more, as that one will read the
 * new evidence when it runs; otherwise one job keyed by the cause (`compare:<job id>`), so a later change is new work.
 * Throttled: with `minIntervalMs`, a new evaluation is due no sooner than that long after the previous one began, so
 * under a steady stream of writes an environment is evaluated once per interval, not once per write batch; the first
 * write after a quiet spell is evaluated at once.
 */
export function* requestSafetyEvaluation(
  environmentIds: readonly number[],
  cause: string,
  minIntervalMs = 0,
): Program<number> {
  let queued = 0;
  for (const environmentId of new Set(environmentIds)) {
    // The keys of one environment's evaluations are `env:<id>:...`: a range on the (kind, dedupe_key) index.
    const prefix = `env:${environmentId}:`;
    const waiting = yield* get<{ id: number }>(
      `SELECT id FROM jobs WHERE kind = ? AND dedupe_key >= ? AND dedupe_key < ? AND status = 'queued' LIMIT 1`,
      [SAFETY_JOB, prefix, `env:${environmentId};`],
    );
    if (waiting) continue;
    const runAfter = minIntervalMs > 0 ? yield* nextEvaluationAt(environmentId, minIntervalMs) : undefined;
    if ((yield* enqueue(SAFETY_JOB, `${prefix}${cause}`, { environmentId }, { runAfter })).created) queued++;
  }
  return queued;
}

/** When the environment's next evaluation may start: `minIntervalMs` after the last one began, or now. */
function* nextEvaluationAt(environmentId: number, minIntervalMs: number): Program<Date | undefined> {
  const last = yield* get<{ evaluated_at: string }>(
    'SELECT evaluated_at FROM rollback_safety_environments WHERE environment_id = ?',
    [environmentId],
  );
  if (!last) return undefined;
  const due = Date.parse(last.evaluated_at) + minIntervalMs;
  return Number.isFinite(due) && due > Date.parse(nowIso()) ? new Date(due) : undefined;
}
