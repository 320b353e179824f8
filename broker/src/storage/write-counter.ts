import { get, run, type Dialect, type Program } from './sql.ts';

/**
 * The per-store write counter (migration 0008): how many data-changing write transactions have
 * committed. The store itself bumps it inside every write transaction that changed a row of a data
 * table, so a reader that reads the counter in the same snapshot as its data knows exactly which
 * writes that data includes: two snapshots with the same count saw the same writes. Cached answers
 * (domain/rollback/answer-cache.ts) are stamped with it. Unlike the highest id or a row count of
 * each table, it also moves on a rename, an update in place or a delete.
 *
 * SQLite has one writer at a time, so its store updates the one row directly. On PostgreSQL every
 * writer updating one row would make concurrent writes fail to serialise (REPEATABLE READ: the second
 * updater of a row aborts) and retry; so its store appends a row to `write_log` instead (inserts never
 * conflict) and the count is the row plus the log's length. `compactWriteLog` (the maintenance task)
 * folds the log into the row in one transaction, which leaves the count unchanged in every snapshot.
 */

/**
 * Tables no cached answer reads: the bookkeeping of background work, logs, and the counter itself.
 * A write that changes only these leaves the counter alone (a job claimed or a webhook delivered
 * does not invalidate answers). Every other table counts, so a new table is counted until listed here.
 */
const UNCOUNTED_TABLES = new Set([
  'jobs',
  'outbox',
  'audit_log',
  'webhook_triggers',
  'webhook_executions',
  'verification_requests',
  'rollback_safety',
  'rollback_safety_changes',
  'rollback_safety_environments',
  'write_counter',
  'write_log',
  'answer_stamps',
  'answer_stamp_log',
  'schema_migrations',
]);

const WRITE_STATEMENT = /^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/i;

/** Whether a statement that changed rows counts as a data write (an INSERT, UPDATE or DELETE of a data table). */
export function countsAsWrite(sql: string): boolean {
  const m = WRITE_STATEMENT.exec(sql);
  return m !== null && !UNCOUNTED_TABLES.has(m[1].toLowerCase());
}

/**
 * The statements a store runs, last in a transaction that changed data: bump the counter and, unless the
 * program declared the environments whose answers it can change (`scoped`: storage/answer-stamps.ts), the
 * unscoped answer stamp (every cached answer's), when the schema has it (`level` 2, migration 0014).
 */
export function bumpStatements(d: Dialect, opts: { scoped: boolean; level: number }): string[] {
  const out = [
    d === 'sqlite' ? 'UPDATE write_counter SET n = n + 1 WHERE id = 1' : 'INSERT INTO write_log DEFAULT VALUES',
  ];
  if (opts.level > 1 && !opts.scoped) out.push(UNSCOPED_STAMP);
  return out;
}

/** A write that did not say which environments it touches can change every cached answer. */
const UNSCOPED_STAMP = "INSERT INTO answer_stamp_log (scope) VALUES ('*')";

/**
 * How much of the counting the schema has (a store opened on an older schema does not bump): 0 nothing,
 * 1 the write counter (migration 0008), 2 also the answer stamps (migration 0014).
 */
export function existsStatement(d: Dialect): string {
  return d === 'sqlite'
    ? `SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'write_counter')
            + (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'answer_stamp_log') AS n`
    : `SELECT CASE WHEN to_regclass('write_counter') IS NULL THEN 0 ELSE 1 END
            + CASE WHEN to_regclass('answer_stamp_log') IS NULL THEN 0 ELSE 1 END AS n`;
}

/** The count of committed data writes, as this program's snapshot sees it. */
export function* writeCount(): Program<string> {
  const row = yield* get<{ n: number | null }>(
    'SELECT (SELECT n FROM write_counter WHERE id = 1) + (SELECT COUNT(*) FROM write_log) AS n',
  );
  return String(row?.n ?? 0);
}

/**
 * Folds the log into the counter row (PostgreSQL; nothing to do on SQLite). The log rows a snapshot
 * sees are deleted and added to the row in one transaction, so every snapshot sees the same count
 * before and after; rows of writes committing meanwhile are not visible to the delete and stay.
 */
export function* compactWriteLog(): Program<number> {
  const { changes } = yield* run('DELETE FROM write_log');
  if (changes) yield* run('UPDATE write_counter SET n = n + ? WHERE id = 1', [changes]);
  return changes;
}
