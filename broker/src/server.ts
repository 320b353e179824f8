import type { AddressInfo } from 'node:net';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { configFromEnv, type BrokerConfig } from './config.ts';
import { AuthConfigError, authSettings, isLoopback } from './auth/settings.ts';
import { ComparatorPool } from '../../contracts/src/openapi/comparator/index.ts';
import { startEvidence } from './precompute/runtime.ts';
import { startOpenApiChanges } from './precompute/openapi-changes.ts';
import { startWebhooks } from './webhooks/runtime.ts';
import { startRollbackSafety } from './safety/runtime.ts';
import { startEvents } from './events/runtime.ts';
import { lateTouchesHandler } from './domain/answer-scope/late-touches.ts';
import { warmRollbackWorlds } from './domain/rollback/warm-up.ts';
import { retentionSettings } from './retention/purge.ts';
import { startMaintenance } from './retention/task.ts';
import { Hooks } from './domain/hooks.ts';
import { createApp } from './http/app.ts';
import { metricsFor } from './http/metrics/registry.ts';
import { jobStats } from './queue/index.ts';
import type { Deps } from './deps.ts';
import { openStore } from './storage/open-store.ts';
import { message } from './messages.ts';

/** The broker could not listen (the port is taken, or not allowed): said in one line, no stack trace. */
/** A bad ROLLGATE_CLEAN_* setting: `rollgate serve` reports it as a usage error. */
export { KeepSelectorError } from './retention/keep-selectors.ts';

export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

export interface RunningBroker {
  url: string;
  port: number;
  deps: Deps;
  server: Server;
  /** The outbox dispatcher (tests drain it or wait for it). */
  events: ReturnType<typeof startEvents>;
  /** Retention and the write counter's compaction. */
  maintenance: ReturnType<typeof startMaintenance>;
  close(): Promise<void>;
}

/** Opens the store (running migrations), builds the app and listens. Used by `rollgate serve` and tests. */
export async function startBroker(
  overrides: Partial<BrokerConfig> = {},
  opts: { logger?: Logger } = {},
): Promise<RunningBroker> {
  const config = configFromEnv(process.env, overrides);
  const log = opts.logger ?? pino({ level: config.logLevel });
  // Access rule: without credentials the broker is open, so it listens on loopback only unless told otherwise.
  const auth = authSettings(config);
  if (!auth.enabled && !isLoopback(config.host) && !config.allowUnauthenticated) {
    throw new AuthConfigError(message('auth.config.open-non-loopback', { host: config.host }));
  }
  retentionSettings(config); // a bad ROLLGATE_RETENTION_* setting stops the start before anything opens
  const store = await openStore(config.database, {
    statementTimeoutMs: config.databaseStatementTimeoutSeconds * 1000,
    randomPageCost: config.databaseRandomPageCost,
    preparedStatements: config.databasePreparedStatements,
    readerThreads: config.readerThreads,
  });
  const deps: Deps = { store, config, log, hooks: new Hooks() };
  // Worker threads for comparisons, subsumption checks and OpenAPI diffs: none of them runs on the HTTP thread.
  const pool = new ComparatorPool({ defaultTimeoutMs: config.comparisonTimeoutMs });
  const evidence = config.precompute ? startEvidence(deps, { timeoutMs: config.comparisonTimeoutMs, pool }) : undefined;
  // Always on: what changed between a provider's documents is read by can-i-rollback and can-i-deploy, and a pair
  // nobody planned is computed on demand (GET .../changes).
  const changes = startOpenApiChanges(deps, pool);
  const webhooks = startWebhooks(deps);
  const safety = startRollbackSafety(deps);
  const app = createApp(deps);
  // /metrics reads the durable queue at each scrape: what is queued, running and failed, and how old the backlog is.
  metricsFor(deps).setJobStats(() => store.read(() => jobStats()));
  // The outbox consumers: late touches (environments a write's snapshot missed), evidence planning (when precompute is
  // on), webhook triggers, readiness requests.
  const events = startEvents(deps, [
    lateTouchesHandler,
    ...(evidence?.handlers ?? []),
    ...changes.handlers,
    ...webhooks.handlers,
    ...safety.handlers,
  ]);
  const maintenance = startMaintenance(deps);
  // Each environment's rollback world kept in every reader thread before the first request (domain/rollback/warm-up.ts).
  try {
    const warm = await warmRollbackWorlds(store);
    log.info(
      warm,
      `kept the rollback worlds of ${warm.environments} environments in ${warm.ms} ms${warm.done ? '' : ' (going on)'}`,
    );
  } catch (e) {
    log.warn({ err: e }, 'warming the rollback worlds failed: the first questions read them');
  }
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 hands a listen error to this callback (and the server also emits it).
      const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
  } catch (e) {
    // Nothing may keep running for a broker that never listened: its workers and the store are closed.
    await maintenance.close();
    await events.close();
    await webhooks.close();
    await safety.close();
    await evidence?.close();
    await changes.close();
    await pool.close();
    await store.close();
    const err = e as NodeJS.ErrnoException;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    throw new ListenError(
      message('server.cannot-listen', { address: `${host}:${config.port}`, code: err.code, detail: err.message }),
      err.code,
    );
  }
  // Behind a load balancer the balancer must close idle connections, never the broker (Node's default 5 s keep-alive
  // closes them while the balancer still reuses them: intermittent 502s), and the header timeout must exceed it.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.on('clientError', answerMalformedRequest);
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  log.info({ port, host: config.host, store: store.describe() }, `rollgate listening on http://${host}:${port}`);
  if (auth.enabled) log.info({ auth: auth.describe() }, `authentication on: ${auth.describe()}`);
  else if (isLoopback(config.host))
    log.warn(
      { auth: 'none' },
      'no authentication configured: listening on loopback only, anyone on this machine can read and write (configure ROLLGATE_TOKENS, ROLLGATE_AUTH_FILE or basic auth to listen elsewhere)',
    );
  else
    log.warn(
      { auth: 'none' },
      `no authentication configured and --allow-unauthenticated given: anyone who can reach ${config.host} can read and write`,
    );
  webhooks.setBaseUrl(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
  webhooks.start();
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    deps,
    server,
    events,
    maintenance,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await maintenance.close();
      await events.close();
      await webhooks.close();
      await safety.close();
      await evidence?.close();
      await changes.close();
      await pool.close();
      await store.close();
    },
  };
}

/**
 * A request node's HTTP parser rejects (garbage, oversized headers) never reaches express: answer it
 * with the same JSON errors body as everything else instead of node's bare 400, then close.
 */
function answerMalformedRequest(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  // A response still being prepared for this socket would follow ours onto the wire: close instead.
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const text =
    status === 431
      ? 'The request headers are too large'
      : status === 408
        ? 'The request took too long to arrive'
        : 'The request is not valid HTTP';
  const body = JSON.stringify({ errors: { base: [text] } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/hal+json;charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
