/**
 * can-i-rollback timings on synthetic environments of 100, 1,000 and 5,000 services with 5 integrations each:
 * one set, the any-subset analysis and the plan, warm (median of repeated runs in a warmed-up process, see `warm`)
 * and cold (the first call in a fresh process, measured inside it, so tsx start-up is not counted), and as a
 * reference for the growth column, one pass that only reads the input (see `readInput`).
 * Each timed call starts from the raw RollbackWorld, as the broker would hand it over. Wall and CPU time are both
 * reported: on a shared 2-core machine wall time mostly measures the neighbours.
 * Run alone: `npx tsx bench/rollback/rollback.bench.ts` (add `--no-cold` to skip the fresh processes).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildModel, canIRollbackAny, canIRollbackSet, planFor } from '../../broker/src/gate/rollback/index.ts';
import { answerAny } from '../../broker/src/gate/rollback/answer-any.ts';
import { needsClosure, violations, Marks } from '../../broker/src/gate/rollback/graph.ts';
import type { RollbackModel } from '../../broker/src/gate/rollback/model.ts';
import type { RollbackWorld } from '../../broker/src/gate/rollback/types.ts';
import { syntheticWorld } from './synthetic-world.ts';

export const SIZES = [100, 1_000, 5_000];
export type Operation = 'one set' | 'any-subset' | 'plan' | 'read input';

export interface BenchRow {
  services: number;
  integrations: number;
  operation: Operation;
  /** median wall-clock time of repeated calls in a warmed-up process */
  warmMs: number;
  /** median CPU time (user + system) of the same calls: steadier than wall time when the machine is shared */
  warmCpuMs: number;
  /** the first call in a fresh process: wall-clock and CPU time */
  coldMs: number | null;
  coldCpuMs: number | null;
  /** warm CPU time (and wall time) divided by the previous size's, next to how much the integrations grew */
  growth: string;
}

/** The set that is timed: a service whose rollback needs the most companions (a realistic worst question). */
function chosenSet(model: RollbackModel): string[] {
  const marks = new Marks(model.units.length);
  let best = 0;
  let bestSize = 0;
  for (const u of model.units) {
    const size = needsClosure(model, [u.id], marks).members.length;
    if (size > bestSize) {
      bestSize = size;
      best = u.id;
    }
  }
  return [model.units[best].name];
}

/** The set that is planned: as many services as can safely roll back together (grown greedily), so the plan is large. */
function plannedSet(model: RollbackModel): number[] {
  const marks = new Marks(model.units.length);
  const chosen = new Set<number>();
  for (const u of model.units) {
    if (chosen.has(u.id)) continue;
    const { members, stamp } = needsClosure(model, [...chosen, u.id], marks);
    if (violations(model, members, (v) => marks.mark[v] === stamp).length === 0) for (const m of members) chosen.add(m);
  }
  return [...chosen];
}

interface Prepared {
  world: RollbackWorld;
  model: RollbackModel;
  set: string[];
  planned: number[];
  integrations: number;
}

function prepare(services: number): Prepared {
  const world = syntheticWorld(services);
  const model = buildModel(world, {});
  return { world, model, set: chosenSet(model), planned: plannedSet(model), integrations: model.integrations.length };
}

/**
 * The timed operations. "one set" and "any-subset" start from the raw world (indexing it is most of their cost);
 * "plan" is the plan alone (components and ordering) for a large safe set of an already built model.
 * "read input" is a reference, not something the broker does: see `readInput`.
 */
function operations(p: Prepared): Record<Operation, () => unknown> {
  return {
    'one set': () => canIRollbackSet(p.world, { targets: p.set.map((pacticipant) => ({ pacticipant })) }),
    'any-subset': () => canIRollbackAny(p.world),
    plan: () => planFor(p.model, p.planned),
    'read input': () => readInput(p.world),
  };
}

/**
 * One pass reading every field of the world that the analysis reads, the way it reads them, and nothing else: no
 * analysis of this input can cost less. Its growth from one size to the next is what the machine alone adds as
 * the world outgrows the CPU caches (evidence rows built by object spreads each carry their own hidden class,
 * so a row is several scattered objects): an operation that grows like it does work linear in its input.
 */
function readInput(world: RollbackWorld): number {
  let n = 0;
  for (const u of world.units) {
    n += u.name.length + u.released.length;
    for (const i of u.instances) n += i.current.length + i.history.length;
  }
  for (const r of world.pacts) n += r.consumer.length + r.consumerVersion.length + r.provider.length;
  for (const r of world.evidence) {
    const fields = r as unknown as Record<string, string>;
    for (const k in fields) {
      if (k === 'consumer' || k === 'consumerVersion' || k === 'provider' || k === 'providerVersion' || k === 'verdict')
        n += fields[k].length;
    }
  }
  return n;
}

interface Timing {
  ms: number;
  cpuMs: number;
}

function timeOnce(f: () => unknown): Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  f();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1e3 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * The same definition at every size, so that growth compares like with like: warm up for at least 5 calls and
 * 1 s (a fixed number of calls left the small sizes measured while the JIT was still compiling on another
 * thread, whose CPU time the measured calls were charged with), then the median of at least 9 calls and 1.5 s.
 */
function warm(f: () => unknown): Timing {
  const budget = (calls: number, ms: number, each: () => void) => {
    const t0 = performance.now();
    for (let k = 0; k < calls || performance.now() - t0 < ms; k++) each();
  };
  budget(5, 1_000, () => f());
  const ts: Timing[] = [];
  budget(9, 1_500, () => ts.push(timeOnce(f)));
  return { ms: median(ts.map((t) => t.ms)), cpuMs: median(ts.map((t) => t.cpuMs)) };
}

/**
 * In a fresh process: time the first call of one operation at one size, print it as JSON. Only the world is built
 * first (as the broker gathers it, which runs `requiredPairs`); the set to ask about comes from the parent, because
 * choosing it here would run the analysis before the call that is meant to be the first.
 */
function coldChild(services: number, op: Operation, set: string[]): void {
  const world = syntheticWorld(services);
  const f =
    op === 'one set'
      ? () => canIRollbackSet(world, { targets: set.map((pacticipant) => ({ pacticipant })) })
      : op === 'any-subset'
        ? () => canIRollbackAny(world)
        : op === 'read input'
          ? () => readInput(world)
          : operations(prepare(services)).plan; // the plan is timed on a built model: building it is not the plan's cost
  process.stdout.write(`${JSON.stringify(timeOnce(f))}\n`);
}

function cold(services: number, op: Operation, set: string[]): Timing | null {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', self, '--cold-child', String(services), op, set.join(',')],
    { encoding: 'utf8' },
  );
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line ?? '') as Timing;
  } catch {
    return null;
  }
}

export function run(options: { cold?: boolean; print?: boolean } = {}): BenchRow[] {
  const rows: BenchRow[] = [];
  const previous = new Map<Operation, Timing & { integrations: number }>();
  for (const services of SIZES) {
    const p = prepare(services);
    const ops = operations(p);
    for (const op of Object.keys(ops) as Operation[]) {
      const w = warm(ops[op]);
      const c = options.cold === false ? null : cold(services, op, p.set);
      const prev = previous.get(op);
      // CPU time is the steadier figure on a shared machine, so growth is reported on it (wall time in brackets).
      const growth = prev
        ? `x${(w.cpuMs / prev.cpuMs).toFixed(1)} cpu (x${(w.ms / prev.ms).toFixed(1)} wall) for x${(p.integrations / prev.integrations).toFixed(1)} integrations`
        : '';
      previous.set(op, { ...w, integrations: p.integrations });
      rows.push({
        services,
        integrations: p.integrations,
        operation: op,
        warmMs: round(w.ms),
        warmCpuMs: round(w.cpuMs),
        coldMs: c === null ? null : round(c.ms),
        coldCpuMs: c === null ? null : round(c.cpuMs),
        growth,
      });
    }
    if (options.print) {
      const table = answerAny(buildModel(p.world, {}));
      const count = (v: string) => table.pacticipants.filter((x) => x.verdict === v).length;
      console.error(
        `${services} services: set [${p.set.join(', ')}], planned set of ${p.planned.length}; ` +
          `independent ${count('independent')}, needs-companions ${count('needs-companions')}, blocked ${count('blocked')}`,
      );
    }
  }
  if (options.print) console.table(rows);
  return rows;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const k = process.argv.indexOf('--cold-child');
  if (k >= 0) coldChild(Number(process.argv[k + 1]), process.argv[k + 2] as Operation, process.argv[k + 3].split(','));
  else run({ cold: !process.argv.includes('--no-cold'), print: true });
}
