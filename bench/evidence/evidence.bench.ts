/**
 * Static evidence through the broker (issue 4): the first and the repeated answer for a pair, and the
 * HTTP time of publishing a pact while the provider has 20 OpenAPI versions (the comparisons it
 * queues run behind the response).
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startBroker } from '../../broker/src/server.ts';
import { generate } from '../openapi/gen.ts';

export interface EvidenceRow {
  measure: string;
  paths: number;
  interactions: number;
  runs: number;
  medianMs: number;
  maxMs: number;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(options: { print?: boolean; sizes?: [number, number][] } = {}): Promise<EvidenceRow[]> {
  const rows: EvidenceRow[] = [];
  for (const [paths, interactions] of options.sizes ?? ([[200, 300], [800, 1200]] as [number, number][])) {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-bench-evidence-'));
    const broker = await startBroker({ port: 0, host: '127.0.0.1', database: join(dir, 'b.db'), comparisonTimeoutMs: 120_000 }, { logger: pino({ level: 'silent' }) });
    const post = (path: string, body: unknown) =>
      fetch(`${broker.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    try {
      const { oas, pact } = generate({ paths, interactions, bad: 0, seed: 7 });
      pact.consumer = { name: 'web' };
      pact.provider = { name: 'orders' };
      // 20 versions of the provider on its main branch, each with its own (slightly different) document.
      for (let v = 1; v <= 20; v++) {
        const doc = { ...oas, info: { ...oas.info, version: `${v}.0.0` } };
        const res = await post('/provider-contracts/provider/orders/publish', {
          pacticipantVersionNumber: `${v}.0.0`, branch: 'main',
          contract: { content: b64(doc), contentType: 'application/json', specification: 'oas', selfVerificationResults: { success: true } },
        });
        if (res.status !== 200) throw new Error(`provider contract: ${res.status} ${JSON.stringify(res.body)}`);
      }
      // Publishing: the HTTP answer must not wait for the comparisons it queues.
      const publishMs: number[] = [];
      for (let v = 1; v <= 5; v++) {
        const content = { ...pact, interactions: pact.interactions.map((i: Record<string, unknown>) => ({ ...i, description: `${i.description} (v${v})` })) };
        const t = performance.now();
        const res = await post('/contracts/publish', {
          pacticipantName: 'web', pacticipantVersionNumber: `${v}.0.0`, branch: 'main',
          contracts: [{ consumerName: 'web', providerName: 'orders', specification: 'pact', contentType: 'application/json', content: b64(content) }],
        });
        publishMs.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`publish: ${res.status}`);
      }
      rows.push({ measure: 'publish a pact (HTTP), provider holds 20 OpenAPI versions', paths, interactions, runs: publishMs.length, medianMs: median(publishMs), maxMs: Math.max(...publishMs) });

      // First answer: from the publish to the stored verdict for (web 1.0.0, orders 20.0.0).
      const pactRes = await fetch(`${broker.url}/pacts/provider/orders/consumer/web/version/1.0.0`).then((r) => r.json());
      const url = `${broker.url}/pacts/provider/orders/consumer/web/pact-version/${pactRes._links['pb:pact-version'].name}/comparison/provider-version/20.0.0`;
      const start = performance.now();
      let first: number | undefined;
      while (performance.now() - start < 600_000) {
        const c = await fetch(url).then((r) => r.json());
        if (c.status === 'done') {
          first = c.durationMs;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      rows.push({ measure: 'first answer: the comparison job (cold engine)', paths, interactions, runs: 1, medianMs: first ?? NaN, maxMs: first ?? NaN });
      const repeated: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await fetch(url).then((r) => r.json());
        repeated.push(performance.now() - t);
      }
      rows.push({ measure: 'repeated answer from the store (HTTP GET of the verdict)', paths, interactions, runs: repeated.length, medianMs: median(repeated), maxMs: Math.max(...repeated) });
    } finally {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
    if (options.print) console.table(rows.slice(-3));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ print: true, sizes: process.argv[2] ? [process.argv[2].split(',').map(Number) as [number, number]] : undefined });
