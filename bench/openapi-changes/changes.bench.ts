/**
 * OpenAPI changes through the broker (issue 20): a provider publishes 8 versions of a large document (the synthetic
 * spec of bench/openapi/gen.ts, 200 paths, each version one path more), each deployed to production after it is published, so each publish and
 * each deployment queues the diffs against the deployed versions in both directions. Measured: the publish request
 * (the diffs run behind it, in the comparator pool's worker threads), the time until a publish's diffs are all
 * stored, one diff job, the stored answer over HTTP, and can-i-rollback for the provider with its
 * `api-removed-on-rollback` warning (first answer and cached).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { startBroker } from '../../broker/src/server.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { generate } from '../openapi/gen.ts';

const VERSIONS = 8;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const row = (measure: string, xs: number[]) => ({
  measure,
  runs: xs.length,
  medianMs: median(xs),
  p90Ms: p90(xs),
  maxMs: Math.max(...xs),
});

export async function run(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-bench-changes-'));
  const broker = await startBroker(
    { port: 0, host: '127.0.0.1', database: join(dir, 'b.db'), comparisonTimeoutMs: 300_000 },
    { logger: pino({ level: 'silent' }) },
  );
  const http = (method: string, path: string, body?: unknown) =>
    fetch(`${broker.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const busy = async () => {
    const [r] = await broker.deps.store.read(() =>
      all<{ n: number }>(
        `SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'pending')
              + (SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')) AS n`,
      ),
    );
    return r.n > 0;
  };
  const settle = async () => {
    while (await busy()) await sleep(20);
  };
  try {
    const base = generate({ paths: 200, interactions: 1, seed: 7 }).oas;
    const paths = Object.keys(base.paths);
    await http('POST', '/environments', { name: 'production', production: true });
    const env = (await http('GET', '/environments?name=production')).body._embedded.environments[0];
    const publishes: number[] = [];
    const settled: number[] = [];
    for (let v = 1; v <= VERSIONS; v++) {
      // Each version adds a path (the first lacks VERSIONS - 1 of them): every pair has changes, and rolling back
      // removes one.
      const doc = structuredClone(base);
      for (const p of paths.slice(0, VERSIONS - v)) delete doc.paths[p];
      doc.info.version = `${v}.0.0`;
      let t = performance.now();
      const res = await http('POST', '/provider-contracts/provider/orders/publish', {
        pacticipantVersionNumber: `${v}.0.0`,
        branch: 'main',
        contract: { content: b64(doc), contentType: 'application/json', specification: 'oas' },
      });
      if (res.status !== 200) throw new Error(`publish answered ${res.status}`);
      publishes.push(performance.now() - t);
      await http('POST', `/pacticipants/orders/versions/${v}.0.0/deployed-versions/environment/${env.uuid}`, {});
      t = performance.now();
      await settle();
      settled.push(performance.now() - t);
    }
    const jobs = await broker.deps.store.read(() =>
      all<{ duration_ms: number }>('SELECT duration_ms FROM openapi_changes WHERE duration_ms IS NOT NULL'),
    );
    const gets: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const r = await http(
        'GET',
        `/provider-contracts/provider/orders/version/${VERSIONS - 1}.0.0/changes?against=${VERSIONS}.0.0`,
      );
      gets.push(performance.now() - t);
      if (r.body.status !== 'computed') throw new Error(`changes ${r.body.status}`);
    }
    let t = performance.now();
    const first = await http('GET', '/can-i-rollback?environment=production&pacticipant=orders');
    const firstMs = performance.now() - t;
    const warning = first.body.warnings.find((w: { id: string }) => w.id === 'api-removed-on-rollback');
    const cached: number[] = [];
    for (let i = 0; i < 30; i++) {
      t = performance.now();
      await http('GET', '/can-i-rollback?environment=production&pacticipant=orders');
      cached.push(performance.now() - t);
    }
    return [
      row('publish a 200-path document (HTTP), its diffs queued', publishes),
      row('publish + deployment until every diff they queued is stored', settled),
      row(
        `one diff job (rollgate's rules in a pool worker; ${jobs.length} jobs)`,
        jobs.map((j) => j.duration_ms),
      ),
      row('GET .../changes?against= (stored, HTTP)', gets),
      row(`can-i-rollback orders, first answer (warning lists ${warning?.changes.length ?? 0} changes)`, [firstMs]),
      row('can-i-rollback orders, cached answer', cached),
    ];
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
