import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerConfig } from '../../broker/src/config.ts';
import { outboxDepth } from '../../broker/src/repositories/outbox.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { settleEvidence } from '../support/settle.ts';
import { until } from '../support/wait.ts';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: any;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1: records every request; `respond` chooses each answer (default 200 "{}").
 * `echo` answers with the request's headers in the body (to prove a target echoing secrets cannot leak them).
 */
export async function startReceiver(
  respond?: (
    r: Received,
    n: number,
  ) =>
    | { status: number; headers?: Record<string, string>; body?: string }
    | Promise<{ status: number; headers?: Record<string, string>; body?: string }>,
) {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      let json: any;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const r: Received = { method: req.method!, url: req.url!, headers: req.headers, body, json, at: Date.now() };
      received.push(r);
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
      const answer = respond ? await respond(r, received.length) : { status: 200, body: '{}' };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    /** Resolves once `n` requests arrived (rejects after `timeoutMs`). */
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${n} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The webhook settings of the tests: http and 127.0.0.1 allowed, short retry delays. */
export const WEBHOOK_TEST_CONFIG: Partial<BrokerConfig> = {
  webhookSchemes: ['https', 'http'],
  webhookMethods: ['POST'],
  webhookHosts: ['127.0.0.1'],
  webhookRetrySchedule: [0.2, 0.4, 0.8],
  webhookTimeoutMs: 2_000,
  precompute: false,
};

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(
  fn: () => Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every `${pactbroker.*}` variable as a JSON body, to check the values a webhook sends. */
export const ALL_VARIABLES_BODY = Object.fromEntries(
  [
    'pactUrl',
    'verificationResultUrl',
    'consumerName',
    'providerName',
    'consumerVersionNumber',
    'providerVersionNumber',
    'consumerVersionTags',
    'providerVersionTags',
    'consumerVersionBranch',
    'providerVersionBranch',
    'consumerLabels',
    'providerLabels',
    'githubVerificationStatus',
    'bitbucketVerificationStatus',
    'eventName',
    'buildUrl',
    'providerVersionDescriptions',
  ].map((v) => [v, `\${pactbroker.${v}}`]),
);

/** Waits until every event of the outbox is consumed: the triggers and jobs writes cause now exist. */
export async function outboxDrained(store: Store): Promise<void> {
  await until('the outbox to drain', async () => (await store.read(() => outboxDepth())).pending === 0, {
    intervalMs: 20,
  });
}

/**
 * Waits until the background work writes caused is finished: every event consumed and every job
 * (deliveries, readiness requests) settled. What a test then sees is all that will happen, so it can
 * say that something did not (no sleeping and hoping).
 */
export const backgroundSettled = (store: Store) => settleEvidence(store, 10_000);
