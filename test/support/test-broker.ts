import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BrokerConfig } from '../../broker/src/config.ts';
import { startBroker, type RunningBroker } from '../../broker/src/server.ts';
import type { Adapter } from './adapters.ts';
import { apiClient, type ApiClient } from './http-client.ts';
import { freshPostgresUrl } from './postgres.ts';
import { TestData } from './test-data.ts';

export { type Adapter, adapters } from './adapters.ts';

export interface TestBroker extends RunningBroker {
  api: ApiClient;
  td: TestData;
  database: string;
  /** Stops the broker; the database is kept so a test can start another broker on it. */
  stop(): Promise<void>;
  /** Stops and deletes the database. */
  destroy(): Promise<void>;
}

/**
 * Starts a broker on a free port over a fresh database: a temporary SQLite file, or a fresh schema in
 * the PostgreSQL at ROLLGATE_TEST_DATABASE_URL. Logs are silent unless ROLLGATE_TEST_LOG is set.
 */
export async function startTestBroker(
  opts: { adapter?: Adapter; database?: string; config?: Partial<BrokerConfig> } = {},
): Promise<TestBroker> {
  const fresh = opts.database
    ? { location: opts.database, drop: async () => undefined }
    : await freshDatabaseLocation(opts.adapter ?? 'sqlite');
  const database = fresh.location;
  const logger = pino({ level: process.env.ROLLGATE_TEST_LOG ?? 'silent' });
  // Reader threads (SQLite's heavy reads off the event loop) only when asked: ROLLGATE_TEST_READER_THREADS=2 runs a
  // suite's reads through the pool, to show it answers as the in-process reads do.
  const readerThreads = Number(process.env.ROLLGATE_TEST_READER_THREADS ?? 0);
  // Rollback-safety evaluations unthrottled: a test's writes a second apart are each evaluated (tests that need the
  // interval set it).
  const broker = await startBroker(
    { port: 0, host: '127.0.0.1', database, readerThreads, rollbackSafetyIntervalSeconds: 0, ...opts.config },
    { logger },
  );
  return {
    ...broker,
    database,
    api: apiClient(broker.url),
    td: new TestData(broker.deps.store, broker.deps.hooks),
    stop: () => broker.close(),
    async destroy() {
      await broker.close();
      await fresh.drop();
    },
  };
}

/**
 * Where a fresh, empty database is: a temporary SQLite file, or a fresh schema in the PostgreSQL at
 * `postgresUrl` (default ROLLGATE_TEST_DATABASE_URL). `drop` deletes it.
 */
export async function freshDatabaseLocation(
  adapter: Adapter,
  postgresUrl?: string,
): Promise<{ location: string; drop: () => Promise<void> }> {
  if (adapter === 'postgres') {
    const fresh = await freshPostgresUrl(postgresUrl);
    return { location: fresh.url, drop: fresh.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-test-'));
  return { location: join(dir, 'rollgate.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
