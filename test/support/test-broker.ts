import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BrokerConfig } from '../../broker/src/config.ts';
import { startBroker, type RunningBroker } from '../../broker/src/server.ts';
import { apiClient, type ApiClient } from './http-client.ts';
import { freshPostgresUrl } from './postgres.ts';
import { TestData } from './test-data.ts';

export type Adapter = 'sqlite' | 'postgres';

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
export async function startTestBroker(opts: { adapter?: Adapter; database?: string; config?: Partial<BrokerConfig> } = {}): Promise<TestBroker> {
  let database = opts.database;
  let cleanup = async () => undefined as void;
  if (!database) {
    if (opts.adapter === 'postgres') {
      const fresh = await freshPostgresUrl();
      database = fresh.url;
      cleanup = fresh.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'rollgate-test-'));
      database = join(dir, 'rollgate.db');
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  }
  const logger = pino({ level: process.env.ROLLGATE_TEST_LOG ?? 'silent' });
  const broker = await startBroker({ port: 0, host: '127.0.0.1', database, ...opts.config }, { logger });
  return {
    ...broker,
    database,
    api: apiClient(broker.url),
    td: new TestData(broker.deps.store, broker.deps.hooks),
    stop: () => broker.close(),
    async destroy() {
      await broker.close();
      await cleanup();
    },
  };
}

/** The adapters to run feature tests against: SQLite always, PostgreSQL when ROLLGATE_TEST_DATABASE_URL is set. */
export function adapters(): Adapter[] {
  return process.env.ROLLGATE_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}
