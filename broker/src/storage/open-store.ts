import type { Store } from './port.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

/** Picks the adapter from the database setting: a postgres:// URL, else a SQLite file path. */
export async function openStore(database: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(database)) {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return PostgresStore.open(database);
  }
  return SqliteStore.open(database);
}
