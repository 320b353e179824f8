import type { Store } from './port.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

/**
 * Picks the adapter from the database setting: a postgres:// URL, else a SQLite file path. `statementTimeoutMs`
 * limits each PostgreSQL statement (0 or absent: no limit).
 */
export async function openStore(database: string, opts: { statementTimeoutMs?: number } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(database)) {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return PostgresStore.open(database, undefined, opts);
  }
  return SqliteStore.open(database);
}
