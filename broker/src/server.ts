import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { configFromEnv, type BrokerConfig } from './config.ts';
import { Hooks } from './domain/hooks.ts';
import { createApp } from './http/app.ts';
import type { Deps } from './http/deps.ts';
import { openStore } from './storage/open-store.ts';

export interface RunningBroker {
  url: string;
  port: number;
  deps: Deps;
  server: Server;
  close(): Promise<void>;
}

/** Opens the store (running migrations), builds the app and listens. Used by `rollgate serve` and tests. */
export async function startBroker(overrides: Partial<BrokerConfig> = {}, opts: { logger?: Logger } = {}): Promise<RunningBroker> {
  const config = configFromEnv(process.env, overrides);
  const log = opts.logger ?? pino({ level: config.logLevel });
  const store = await openStore(config.database);
  const deps: Deps = { store, config, log, hooks: new Hooks() };
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  log.info({ port, host: config.host, store: store.describe() }, `rollgate listening on http://${host}:${port}`);
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    deps,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await store.close();
    },
  };
}
