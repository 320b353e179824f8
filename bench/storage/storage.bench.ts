/**
 * Storage benchmarks on both adapters (SQLite always; PostgreSQL when ROLLGATE_BENCH_DATABASE_URL or
 * ROLLGATE_TEST_DATABASE_URL is set, on a fresh schema): publish throughput over HTTP, N publishes
 * of new consumer versions by C concurrent clients against an in-process broker.
 * Run alone: `npx tsx bench/storage/storage.bench.ts` (BENCH_QUICK=1 for a short run).
 *
 * Hook: the can-i-deploy and can-i-rollback latency benches register with `addAdapterBench` and get a
 * broker on each adapter, already holding this bench's publications (see ADAPTER BENCHES below).
 */
import { pathToFileURL } from 'node:url';
import type { RunningBroker } from '../../broker/src/server.ts';
import { apiClient, type ApiClient } from '../../test/support/http-client.ts';
import { aPact, base64 } from '../../test/support/pact-builder.ts';
import { freshDatabaseLocation, startTestBroker } from '../../test/support/test-broker.ts';

export type Adapter = 'sqlite' | 'postgres';

export interface BenchRow {
  adapter: Adapter;
  measure: string;
  requests: number;
  concurrency: number;
  totalMs: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  note: string;
}

export interface RunOptions {
  print?: boolean;
  quick?: boolean;
  /** Publishes per adapter (default 500; 100 when quick). */
  publishes?: number;
  /** Concurrent clients (default 8). */
  concurrency?: number;
  adapters?: Adapter[];
}

// ---- ADAPTER BENCHES (hook) -------------------------------------------------------------------
/** What a registered bench gets: a running broker on one adapter, holding the publish bench's data. */
export interface AdapterBenchContext {
  adapter: Adapter;
  broker: RunningBroker;
  api: ApiClient;
  /** Consumers and versions published by the throughput bench (consumer-i publishes to provider-j). */
  published: { consumer: string; version: string; provider: string }[];
}
export type AdapterBench = (ctx: AdapterBenchContext) => Promise<BenchRow[]>;
const adapterBenches: { name: string; bench: AdapterBench }[] = [];
/** Registers a latency bench (can-i-deploy, can-i-rollback) to run on every adapter after the publishes. */
export function addAdapterBench(name: string, bench: AdapterBench): void {
  adapterBenches.push({ name, bench });
}
// ------------------------------------------------------------------------------------------------

const pgUrl = () => process.env.ROLLGATE_BENCH_DATABASE_URL ?? process.env.ROLLGATE_TEST_DATABASE_URL;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function withBroker<T>(adapter: Adapter, fn: (b: RunningBroker) => Promise<T>): Promise<T> {
  const fresh = await freshDatabaseLocation(adapter, pgUrl());
  const broker = await startTestBroker({ database: fresh.location });
  try {
    return await fn(broker);
  } finally {
    await broker.stop();
    await fresh.drop();
  }
}

const publishBody = (consumer: string, version: string, provider: string, variant: number) => ({
  pacticipantName: consumer,
  pacticipantVersionNumber: version,
  branch: 'main',
  contracts: [
    {
      consumerName: consumer,
      providerName: provider,
      specification: 'pact',
      contentType: 'application/json',
      content: base64(
        aPact(consumer, provider)
          .withInteraction({ path: `/orders/${variant}` })
          .withInteraction({
            path: `/orders/${variant}/items`,
            responseBody: { items: [{ id: variant, name: 'x'.repeat(200) }] },
          })
          .build(),
      ),
    },
  ],
});

/** N publishes of new consumer versions (10 consumers, 5 providers, content changing every 3rd version), C at a time. */
async function publishThroughput(
  adapter: Adapter,
  broker: RunningBroker,
  n: number,
  concurrency: number,
): Promise<{ row: BenchRow; published: AdapterBenchContext['published'] }> {
  const api = apiClient(broker.url);
  const jobs = Array.from({ length: n }, (_, i) => ({
    consumer: `consumer-${i % 10}`,
    version: `1.0.${i}`,
    provider: `provider-${i % 5}`,
    variant: Math.floor(i / 3),
  }));
  // Warm-up (JIT, connection pool, first pacticipants): not timed.
  for (let i = 0; i < 10; i++) await api.post('/contracts/publish', publishBody(`warm-${i}`, '0.0.1', 'provider-0', i));
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const j = jobs[next++]!;
        const t = performance.now();
        const res = await api.post('/contracts/publish', publishBody(j.consumer, j.version, j.provider, j.variant));
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors++;
      }
    }),
  );
  const totalMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const stats = (broker.deps.store as { stats?: { retries: number } }).stats;
  const note = [`${errors} non-200`, stats ? `${stats.retries} transaction retries` : ''].filter(Boolean).join(', ');
  return {
    row: {
      adapter,
      measure: 'publish throughput (POST /contracts/publish)',
      requests: n,
      concurrency,
      totalMs: round(totalMs),
      perSecond: round((n / totalMs) * 1000),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(latencies[latencies.length - 1] ?? 0),
      note,
    },
    published: jobs.map(({ consumer, version, provider }) => ({ consumer, version, provider })),
  };
}

export async function run(options: RunOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick ?? process.env.BENCH_QUICK === '1';
  const n = options.publishes ?? (quick ? 100 : 500);
  const concurrency = options.concurrency ?? 8;
  const list = options.adapters ?? (pgUrl() ? ['sqlite', 'postgres'] : ['sqlite']);
  if (!pgUrl() && options.print)
    console.log('storage bench: PostgreSQL skipped (set ROLLGATE_BENCH_DATABASE_URL or ROLLGATE_TEST_DATABASE_URL)');
  const rows: BenchRow[] = [];
  for (const adapter of list) {
    await withBroker(adapter, async (broker) => {
      const { row, published } = await publishThroughput(adapter, broker, n, concurrency);
      rows.push(row);
      for (const { bench } of adapterBenches)
        rows.push(...(await bench({ adapter, broker, api: apiClient(broker.url), published })));
    });
  }
  if (options.print) console.table(rows);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`node ${process.version}`);
  await run({ print: true });
}
