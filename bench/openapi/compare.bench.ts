/**
 * Pact-vs-OpenAPI comparison timings on the research benchmark's synthetic documents (gen.ts):
 * the bare engine cold (new Comparator per run: schema compilation) and warm (one Comparator
 * reused), beside rollgate's adapter in process and through the worker pool, first and repeated
 * answer. `run()` returns rows for `npm run bench`; `tsx bench/openapi/compare.bench.ts` prints them.
 *
 * As in comparators.md, a timed engine run covers JSON.parse of both documents, the engine call and
 * draining every result. Pass `{quick: true}` (or BENCH_QUICK=1) for the small size and one cold run.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as opc from '@pactflow/openapi-pact-comparator';
import { InProcessComparator } from '../../contracts/src/openapi/comparator/in-process.ts';
import { ComparatorPool } from '../../contracts/src/openapi/comparator/pool.ts';
import type { Verdict } from '../../contracts/src/openapi/comparator/types.ts';
import { canonicalJson } from '../../contracts/src/pact/canonical-json.ts';
import { sha256 } from '../../contracts/src/pact/content-hash.ts';
import { generate, type Generated } from './gen.ts';

export const SIZES = [
  { paths: 200, interactions: 300 },
  { paths: 800, interactions: 1_200 },
];

export type Measure = 'engine cold' | 'engine warm' | 'adapter first' | 'adapter repeat' | 'pool first' | 'pool repeat';

export interface BenchRow {
  paths: number;
  interactions: number;
  measure: Measure;
  runs: number;
  medianMs: number;
  minMs: number;
  /** For the engine: injected faults found / faults, and findings on clean interactions. */
  note?: string;
}

export interface RunOptions {
  quick?: boolean;
  coldRuns?: number;
  warmRuns?: number;
  print?: boolean;
}

interface OpcResult {
  type: string;
  code: string;
  mockDetails?: { location: string };
}
const { Comparator } = opc as unknown as {
  Comparator: new (o: { oas: unknown }) => { compare(p: unknown): AsyncGenerator<OpcResult> };
};

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function drain(cmp: InstanceType<typeof Comparator>, pactText: string): Promise<OpcResult[]> {
  const out: OpcResult[] = [];
  for await (const r of cmp.compare(JSON.parse(pactText))) out.push(r);
  return out;
}

/** Injected faults detected, and interactions without a fault that got an error (false positives). */
function detection(g: Generated, results: OpcResult[]): string {
  const failing = new Set<number>();
  for (const r of results) {
    const m = /^\[root\]\.interactions\[(\d+)\]/.exec(r.mockDetails?.location ?? '');
    if (r.type === 'error' && m) failing.add(Number(m[1]));
  }
  const faulty = g.manifest.interactions.filter((i) => i.fault);
  const found = faulty.filter((i) => failing.has(i.index)).length;
  const falsePositives = g.manifest.interactions.filter((i) => !i.fault && failing.has(i.index)).length;
  return `faults found ${found}/${faulty.length}, false positives ${falsePositives}`;
}

function row(size: (typeof SIZES)[number], measure: Measure, times: number[], note?: string): BenchRow {
  return {
    ...size,
    measure,
    runs: times.length,
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    ...(note ? { note } : {}),
  };
}

async function benchSize(size: (typeof SIZES)[number], coldRuns: number, warmRuns: number): Promise<BenchRow[]> {
  const g = generate({ ...size, pactVersion: '2', refDepth: 3, bad: 0.1, seed: 42 });
  const oasText = JSON.stringify(g.oas);
  const pactText = JSON.stringify(g.pact);
  const rows: BenchRow[] = [];

  const cold: number[] = [];
  let last: OpcResult[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const { ms, value } = await timed(() => drain(new Comparator({ oas: JSON.parse(oasText) }), pactText));
    cold.push(ms);
    last = value;
  }
  rows.push(row(size, 'engine cold', cold, detection(g, last)));

  const shared = new Comparator({ oas: JSON.parse(oasText) });
  await drain(shared, pactText); // compiles: not counted
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push((await timed(() => drain(shared, pactText))).ms);
  rows.push(row(size, 'engine warm', warm));

  // The adapter: pact shape check, copies and finding mapping on top of the engine. The document's
  // hash comes from loadOpenApi at upload time, as in the broker, so it is not recomputed here.
  const documentHash = sha256(canonicalJson(g.oas));
  const adapter = new InProcessComparator();
  const first = await timed(() => adapter.compare(JSON.parse(pactText), g.oas, { documentHash }));
  rows.push(
    row(size, 'adapter first', [first.ms], `result ${first.value.result}, ${first.value.findings.length} findings`),
  );
  const repeat: number[] = [];
  for (let i = 0; i < warmRuns; i++)
    repeat.push((await timed(() => adapter.compare(JSON.parse(pactText), g.oas, { documentHash }))).ms);
  rows.push(row(size, 'adapter repeat', repeat));

  // The pool: the same, plus starting a worker (first) and sending both inputs as JSON text (every time).
  const pool = new ComparatorPool({ size: 1 });
  try {
    const pf = await timed<Verdict>(() => pool.compare(g.pact, g.oas, { timeoutMs: 120_000, documentHash }));
    rows.push(row(size, 'pool first', [pf.ms], `includes starting the worker; result ${pf.value.result}`));
    const pr: number[] = [];
    for (let i = 0; i < warmRuns; i++)
      pr.push((await timed(() => pool.compare(g.pact, g.oas, { timeoutMs: 120_000, documentHash }))).ms);
    rows.push(row(size, 'pool repeat', pr));
  } finally {
    await pool.close();
  }
  return rows;
}

export async function run(options: RunOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick ?? process.env.BENCH_QUICK === '1';
  const sizes = quick ? SIZES.slice(0, 1) : SIZES;
  const rows: BenchRow[] = [];
  for (const size of sizes)
    rows.push(...(await benchSize(size, options.coldRuns ?? (quick ? 1 : 3), options.warmRuns ?? 5)));
  if (options.print) console.table(rows);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`node ${process.version}`);
  await run({ print: true });
}
