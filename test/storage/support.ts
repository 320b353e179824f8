import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from '../../broker/src/storage/migrations/types.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { PostgresStore } from '../../broker/src/storage/postgres/postgres-store.ts';
import { SqliteStore } from '../../broker/src/storage/sqlite/sqlite-store.ts';
import { freshPostgresUrl } from '../support/postgres.ts';

export type Adapter = 'sqlite' | 'postgres';
export type AnyStore = SqliteStore | PostgresStore;

export const PG_URL = process.env.ROLLGATE_TEST_DATABASE_URL;
export const SKIP_PG_MESSAGE = 'PostgreSQL: skipped, ROLLGATE_TEST_DATABASE_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)';

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
  if (adapter === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-storage-'));
    const file = join(dir, 'rollgate.db');
    return {
      adapter,
      location: file,
      async open(migrations) {
        const s = SqliteStore.open(file, migrations);
        opened.push(s);
        return s;
      },
      async destroy() {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const fresh = await freshPostgresUrl();
  return {
    adapter,
    location: fresh.url,
    async open(migrations) {
      const s = await PostgresStore.open(fresh.url, migrations);
      opened.push(s);
      return s;
    },
    async destroy() {
      for (const s of opened) await s.close().catch(() => undefined);
      await fresh.drop();
    },
  };
}

/** SQLite always; PostgreSQL when ROLLGATE_TEST_DATABASE_URL is set. */
export function storageAdapters(): Adapter[] {
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A visible, skipped test saying that the PostgreSQL half of a suite did not run. */
export function reportPostgresSkipped(suite: string): void {
  if (PG_URL) return;
  describe(`${suite} (postgres)`, () => {
    it(SKIP_PG_MESSAGE, function () {
      this.skip();
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` is true (polling), or fails after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
