/**
 * The pacts-for-verification POST the Verifier makes, timed with 1,000 consumer versions of 20 consumers stored
 * (50 versions each, every one with a pact for the provider; a few distinct contents per consumer; main and feature
 * branches, prod tags, 2 deployed and 1 released version per consumer, some verified). Data is loaded through the
 * store (the test-data builder), the request goes over HTTP to a broker on a temp SQLite file.
 * The Verifier's default broker timeout is 5 s. Run alone: `npx tsx bench/verification/pfv.bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import { startTestBroker } from '../../test/support/test-broker.ts';

export interface BenchRow {
  request: string;
  consumerVersions: number;
  pactsReturned: number;
  coldMs: number;
  medianMs: number;
  p95Ms: number;
}

const CONSUMERS = 20;
const VERSIONS_PER_CONSUMER = 50;
const PROVIDER = 'orders';

const BODIES: Record<string, Record<string, unknown>> = {
  'Verifier: mainBranch + deployedOrReleased, pending, WIP': {
    includePendingStatus: true,
    includeWipPactsSince: '2026-01-01',
    providerVersionBranch: 'main',
    consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
  },
  'default selectors (empty), pending': {
    includePendingStatus: true,
    consumerVersionSelectors: [],
    providerVersionBranch: '',
  },
  'every prod-tagged version ({tag: prod})': {
    includePendingStatus: true,
    providerVersionBranch: 'main',
    consumerVersionSelectors: [{ tag: 'prod' }],
  },
};

async function load(b: Awaited<ReturnType<typeof startTestBroker>>): Promise<void> {
  await b.td.environment('production').environment('staging').setNow('2026-02-01T00:00:00Z');
  for (let c = 0; c < CONSUMERS; c++) {
    const consumer = `consumer-${String(c).padStart(2, '0')}`;
    for (let v = 1; v <= VERSIONS_PER_CONSUMER; v++) {
      const content = Math.floor(v / 10); // a new pact content every 10 versions
      b.td.addDays(0.01).publishPact({
        consumer,
        version: `${v}.0.0`,
        provider: PROVIDER,
        branch: v % 5 === 0 ? `feat-${v}` : 'main',
        tags: v % 10 === 0 ? ['prod'] : [],
        pact: (p) => p.withInteraction({ path: `/orders/${content}` }).withInteraction({ path: `/customers/${c}` }),
      });
      if (v % 7 === 0)
        b.td.verify({
          consumer,
          version: `${v}.0.0`,
          provider: PROVIDER,
          providerVersion: `p${c}.${v}`,
          success: v % 14 !== 0,
          branch: 'main',
        });
    }
    b.td
      .deploy({ pacticipant: consumer, version: '40.0.0', environment: 'production' })
      .deploy({ pacticipant: consumer, version: '45.0.0', environment: 'production' })
      .deploy({ pacticipant: consumer, version: '48.0.0', environment: 'staging' })
      .release({ pacticipant: consumer, version: '30.0.0', environment: 'production' });
    await b.td;
  }
  await b.td.realTime();
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 10) / 10;

export async function run(options: { repeats?: number; print?: boolean } = {}): Promise<BenchRow[]> {
  const repeats = options.repeats ?? 20;
  const b = await startTestBroker();
  try {
    const t0 = performance.now();
    await load(b);
    if (options.print)
      console.error(
        `loaded ${CONSUMERS * VERSIONS_PER_CONSUMER} consumer versions of ${CONSUMERS} consumers in ${Math.round(performance.now() - t0)} ms`,
      );
    // Background work the bulk load queued (the evidence precompute of each published pact) occupies the process
    // for a few seconds after the load; one untimed request waits for it, so the timings below are of the POST alone.
    const settle = performance.now();
    await b.api.get('/');
    if (options.print)
      console.error(`settled in ${Math.round(performance.now() - settle)} ms (first request after the bulk load)`);
    const rows: BenchRow[] = [];
    for (const [request, body] of Object.entries(BODIES)) {
      const times: number[] = [];
      let pactsReturned = 0;
      for (let i = 0; i <= repeats; i++) {
        const start = performance.now();
        const res = await b.api.post(`/pacts/provider/${PROVIDER}/for-verification`, body);
        times.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${request}: ${res.status} ${res.text}`);
        pactsReturned = res.body._embedded.pacts.length;
      }
      const warm = sorted(times.slice(1));
      rows.push({
        request,
        consumerVersions: CONSUMERS * VERSIONS_PER_CONSUMER,
        pactsReturned,
        coldMs: round(times[0]),
        medianMs: round(warm[Math.floor(warm.length / 2)]),
        p95Ms: round(warm[Math.min(warm.length - 1, Math.floor(warm.length * 0.95))]),
      });
    }
    if (options.print) console.table(rows);
    return rows;
  } finally {
    await b.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run({ print: true });
