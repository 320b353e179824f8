import type { Migration } from '../../broker/src/storage/migrations/types.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { PostgresStore } from '../../broker/src/storage/postgres/postgres-store.ts';
import { SqliteStore } from '../../broker/src/storage/sqlite/sqlite-store.ts';
import { adapters, freshDatabaseLocation, type Adapter } from '../support/test-broker.ts';

export type { Adapter };
export type AnyStore = SqliteStore | PostgresStore;

export const PG_URL = process.env.ROLLGATE_TEST_DATABASE_URL;

/**
 * A fresh database (a temporary SQLite file, or a fresh PostgreSQL schema) that tests can open
 * several stores on, as several broker instances would.
 */
export interface FreshDatabase {
  adapter: Adapter;
  /** The file or URL. */
  location: string;
  /** Opens a store (own connection / pool), migrated unless `migrations` is given (pass [] for none). */
  open(migrations?: Migration[]): Promise<AnyStore>;
  /** Closes every store opened here and deletes the database. */
  destroy(): Promise<void>;
}

export async function freshDatabase(adapter: Adapter): Promise<FreshDatabase> {
  const opened: Store[] = [];
  const fresh = await freshDatabaseLocation(adapter);
  return {
    adapter,
    location: fresh.location,
    async open(migrations) {
      const s =
        adapter === 'sqlite'
          ? SqliteStore.open(fresh.location, migrations)
          : await PostgresStore.open(fresh.location, migrations);
      opened.push(s);
      return s;
    },
    async destroy() {
      // A PostgreSQL pool may already be closed by the test; SQLite closes synchronously.
      for (const s of opened) await (adapter === 'sqlite' ? s.close() : s.close().catch(() => undefined));
      await fresh.drop();
    },
  };
}

/** SQLite always; PostgreSQL when ROLLGATE_TEST_DATABASE_URL is set (see `adapters()`: it says what did not run). */
export const storageAdapters = adapters;
