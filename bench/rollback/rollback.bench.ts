/**
 * can-i-rollback timings on synthetic environments of 100, 1,000 and 5,000 services with 5 integrations each:
 * one set, the any-subset analysis and the plan, warm (median of repeated runs in a warmed-up process) and
 * cold (the first call in a fresh process, measured inside it, so tsx start-up is not counted).
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
export type Operation = 'one set' | 'any-subset' | 'plan';

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
  /** warm time divided by the previous size's, next to how much the integrations grew */
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
 */
function operations(p: Prepared): Record<Operation, () => unknown> {
  return {
    'one set': () => canIRollbackSet(p.world, { targets: p.set.map((pacticipant) => ({ pacticipant })) }),
    'any-subset': () => canIRollbackAny(p.world),
    plan: () => planFor(p.model, p.planned),
  };
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

function warm(f: () => unknown, services: number): Timing {
  const runs = services >= 5_000 ? 7 : services >= 1_000 ? 15 : 40;
  for (let i = 0; i < 3; i++) f();
  const ts = Array.from({ length: runs }, () => timeOnce(f));
  return { ms: median(ts.map((t) => t.ms)), cpuMs: median(ts.map((t) => t.cpuMs)) };
}

/** In a fresh process: time the first call of one operation at one size, print it as JSON. */
function coldChild(services: number, op: Operation): void {
  const p = prepare(services);
  process.stdout.write(JSON.stringify(timeOnce(operations(p)[op])) + '\n');
}

function cold(services: number, op: Operation): Timing | null {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--cold-child', String(services), op], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line ?? '') as Timing;
  } catch {
    return null;
  }
}

export function run(options: { cold?: boolean; print?: boolean } = {}): BenchRow[] {
  const rows: BenchRow[] = [];
  const previous = new Map<Operation, { cpuMs: number; integrations: number }>();
  for (const services of SIZES) {
    const p = prepare(services);
    const ops = operations(p);
    for (const op of Object.keys(ops) as Operation[]) {
      const w = warm(ops[op], services);
      const c = options.cold === false ? null : cold(services, op);
      const prev = previous.get(op);
      // CPU time is the steadier figure on a shared machine, so growth is reported on it.
      const growth = prev
        ? `x${(w.cpuMs / prev.cpuMs).toFixed(1)} cpu for x${(p.integrations / prev.integrations).toFixed(1)} integrations`
        : '';
      previous.set(op, { cpuMs: w.cpuMs, integrations: p.integrations });
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
  if (k >= 0) coldChild(Number(process.argv[k + 1]), process.argv[k + 2] as Operation);
  else run({ cold: !process.argv.includes('--no-cold'), print: true });
}
