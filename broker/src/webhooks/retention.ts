import { integer, rowType } from '../repositories/decode.ts';
import { inList, run, type Program } from '../storage/sql.ts';

const idRows = rowType<{ id: number }>('webhook trigger id', { id: integer });

/**
 * Deletes up to `limit` finished triggers (delivered, failed for good or cancelled) last updated before
 * `before`, with their executions and logs (retention); returns how many triggers. Queued and retrying
 * ones are kept whatever their age: their delivery is still to come.
 */
export function* purgeFinishedTriggers(before: Date, limit: number): Program<number> {
  const ids = (yield* idRows.all(
    `SELECT id FROM webhook_triggers WHERE status IN ('success', 'failure', 'cancelled') AND updated_at < ?
     ORDER BY updated_at LIMIT ?`,
    [before.toISOString(), limit],
  )).map((r) => r.id);
  if (!ids.length) return 0;
  yield* run(`DELETE FROM webhook_executions WHERE trigger_id IN ${inList(ids)}`, ids);
  return (yield* run(`DELETE FROM webhook_triggers WHERE id IN ${inList(ids)}`, ids)).changes;
}
