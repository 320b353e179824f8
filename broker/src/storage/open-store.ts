import type { Store } from './port.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

/**
 * Picks the adapter from the database setting: a postgres:// URL, else a SQLite file path. `statementTimeoutMs`
 * limits each PostgreSQL statement (0 or absent: no limit); `readerThreads` is how many reader threads run SQLite's
 * heavy reads (0 or absent: in-process; PostgreSQL's pool already reads concurrently).
 */
export async function openStore(
  database: string,
  opts: {
    statementTimeoutMs?: number;
    readerThreads?: number;
    randomPageCost?: number;
    preparedStatements?: boolean;
  } = {},
): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(database)) {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return PostgresStore.open(database, undefined, opts);
  }
  return SqliteStore.open(database, undefined, { readerThreads: opts.readerThreads });
}
