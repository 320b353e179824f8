import type { Store } from '../../broker/src/storage/port.ts';
import { all, sqlFor, type Program } from '../../broker/src/storage/sql.ts';
import { observed } from './store-spies.ts';

/**
 * SQLite's plan of every statement a program runs (EXPLAIN QUERY PLAN with the statement's own parameters), for tests
 * that pin a statement to an index: a plan is what keeps a query's cost from growing with the history, and timing it
 * in a test would be flaky. Runs the program in a read (or a write, for programs that write), then explains each.
 */
export async function sqlitePlans<T>(
  store: Store,
  program: () => Program<T>,
  opts: { write?: boolean } = {},
): Promise<{ sql: string; plan: string }[]> {
  const statements: { sql: string; params: unknown[] }[] = [];
  const recorded = () =>
    observed(program(), (op) => statements.push({ sql: sqlFor(op.sql, 'sqlite'), params: op.params }));
  await (opts.write ? store.write(recorded) : store.read(recorded));
  const out: { sql: string; plan: string }[] = [];
  for (const { sql, params } of statements) {
    const rows = await store.read(() => all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never));
    out.push({ sql, plan: rows.map((r) => r.detail).join('; ') });
  }
  return out;
}
