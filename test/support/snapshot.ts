import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { writeCount } from '../../broker/src/storage/write-counter.ts';
import { settleEvidence } from './settle.ts';

/** Every table of the store's schema, as the database lists it (no list kept by hand to drift). */
const TABLE_NAMES: Record<Store['dialect'], string> = {
  sqlite: `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  postgres: `SELECT table_name AS name FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
};

/** The write counter's row and log: the maintenance task folds the log into the row at any time, keeping the count. */
const WRITE_COUNTER_TABLES = new Set(['write_counter', 'write_log']);

/** The answer stamps' rows and log: folded the same way (storage/answer-stamps.ts), keeping each scope's total. */
const ANSWER_STAMP_TABLES = new Set(['answer_stamps', 'answer_stamp_log']);

/**
 * Every row of every table of the schema (jobs, outbox, audit_log, webhook_executions included), in a
 * stable order; the write counter as its count, the answer stamps as each scope's total. Background work is settled first (the outbox drained,
 * no job queued or running), so what differs between two snapshots is what happened in between.
 * Compare two snapshots to prove a request wrote nothing.
 */
export async function snapshotTables(store: Store): Promise<Record<string, unknown[]>> {
  await settleEvidence(store);
  return store.read(function* () {
    const names = (yield* all<{ name: string }>(TABLE_NAMES[store.dialect])).map((r) => r.name);
    const out: Record<string, unknown[]> = {};
    for (const t of names) {
      if (WRITE_COUNTER_TABLES.has(t) || ANSWER_STAMP_TABLES.has(t)) continue;
      const rows = yield* all<Record<string, unknown>>(`SELECT * FROM ${t}`);
      // In a stable order whatever the table's key: sorted by the row's JSON.
      const keyed = rows.map((r) => ({ key: JSON.stringify(r), r }));
      out[t] = keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.r);
    }
    if (names.some((t) => WRITE_COUNTER_TABLES.has(t))) out['write counter'] = [yield* writeCount()];
    if (names.includes('answer_stamps')) {
      out['answer stamps'] = yield* all<{ scope: string; n: number }>(
        `SELECT scope, SUM(n) AS n FROM (SELECT scope, n FROM answer_stamps
           UNION ALL SELECT scope, 1 AS n FROM answer_stamp_log) s GROUP BY scope ORDER BY scope`,
      );
    }
    return out;
  });
}
