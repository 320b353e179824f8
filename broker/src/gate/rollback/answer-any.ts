/**
 * The any-subset analysis: for every deployed pacticipant, whether it can roll back on its own, with
 * companions (the closure of it under "needs"), or not at all. One closure per strongly connected component of
 * the "needs" graph (its members share one closure), never an enumeration of subsets.
 */
import { buildModel, type RollbackModel, type UnitModel } from './model.ts';
import { Marks, cmp, componentsDependenciesFirst, needsClosure, violations } from './graph.ts';
import { pairsOfRollback } from './pairs.ts';
import { renderReason } from './catalogue.ts';
import { apiRemovedWarnings } from './api-removed.ts';
import type { RollbackReason } from './reasons.ts';
import type {
  ApiRemovedWarning,
  PacticipantReport,
  PacticipantVerdict,
  RollbackAnyAnswer,
  RollbackOptions,
  RollbackWorld,
} from './types.ts';

export function canIRollbackAny(world: RollbackWorld, options: RollbackOptions = {}): RollbackAnyAnswer {
  return answerAny(buildModel(world, options));
}

/**
 * What each deployed provider's own rollback (current -> prior) removes from its API (`api-removed-on-rollback`, the
 * same warning the targeted answer gives): one per provider instance move whose documents differ, or whose diff is
 * not stored yet (`pending`). From the answer's reports and the world's stored diffs and pacts.
 */
export function apiWarningsOfAny(world: RollbackWorld, answer: RollbackAnyAnswer): ApiRemovedWarning[] {
  if (!world.apiChanges?.length) return [];
  const moves = answer.pacticipants.flatMap((p) =>
    p.prior === null
      ? []
      : p.instances
        ? p.instances.flatMap((i) =>
            i.prior === null || i.prior === i.current ? [] : [{ provider: p.name, from: i.current, to: i.prior }],
          )
        : p.prior === p.current
          ? []
          : [{ provider: p.name, from: p.current, to: p.prior }],
  );
  return apiRemovedWarnings(moves, world.apiChanges, world.pactUsage ?? []);
}

/** What every member of one strongly connected component shares: its closure and what that closure runs into. */
interface ClosureFacts {
  /** The closure, ordered by name. */
  requires: number[];
  violations: RollbackReason[];
  /** Violations and the closure's "needs", without repeats. */
  reasons: RollbackReason[];
  /** Units that cannot roll back together with some member of the closure, ordered by name. */
  conflictsWith: number[];
  /** `reasons` by the services they name, made when a member's list is first cut to its own. */
  byName?: Map<string, RollbackReason[]>;
}

/**
 * Reasons listed per pacticipant in the any-subset answer. Each lists its whole closure's reasons, so where long
 * "needs" chains overlap the answer would grow with the square of the environment (hundreds of megabytes at a
 * few hundred services); past this many, one `more-reasons` entry says how many were left out. Violations come
 * first in the list, so a blocked pacticipant always shows why.
 */
export const REASONS_PER_PACTICIPANT = 25;

/** The services a reason is about: the one that rolls back and the one it needs, conflicts with or breaks. */
export function reasonNames(r: RollbackReason): string[] {
  switch (r.id) {
    case 'needs':
      return [r.pacticipant, r.needs];
    case 'conflict':
      return [r.pacticipant, r.conflictsWith];
    case 'cannot':
      return r.other === r.pacticipant ? [r.pacticipant] : [r.pacticipant, r.other];
    case 'irreversible-migration':
    case 'no-prior':
      return [r.pacticipant];
    default:
      return [];
  }
}

/** A component's reasons by the services they name (built once per component, when a member's list is cut). */
function reasonsByName(reasons: readonly RollbackReason[]): Map<string, RollbackReason[]> {
  const out = new Map<string, RollbackReason[]>();
  for (const r of reasons)
    for (const n of reasonNames(r)) {
      const list = out.get(n);
      if (list) list.push(r);
      else out.set(n, [r]);
    }
  return out;
}

/**
 * A pacticipant's first reasons: those about it first (its violations, then its own "needs" and conflicts), then the
 * closure's, in the closure's order. Members of one component share the closure's list, so without this every
 * member of a long chain would list the same first reasons, all about the chain's first service (issue 19). A
 * blocked pacticipant without a violation of its own still shows the closure's first violation, so it shows why.
 */
function firstReasons(f: ClosureFacts, pacticipant: string): RollbackReason[] {
  if (f.byName === undefined) f.byName = reasonsByName(f.reasons);
  const own = f.byName.get(pacticipant) ?? [];
  const ordered: RollbackReason[] = [];
  const taken = new Set<RollbackReason>();
  const take = (r: RollbackReason) => {
    if (!taken.has(r)) {
      taken.add(r);
      ordered.push(r);
    }
  };
  // Every reason of a closure but its "needs" is one of its violations.
  const violation = (r: RollbackReason) => r.id !== 'needs';
  const full = () => ordered.length >= REASONS_PER_PACTICIPANT;
  for (const r of own) if (!full() && violation(r)) take(r);
  if (ordered.length === 0 && f.violations.length > 0) take(f.violations[0]);
  for (const r of own) if (!full()) take(r);
  const total = f.reasons.length;
  for (const r of f.reasons) {
    if (full()) break;
    take(r);
  }
  if (total <= REASONS_PER_PACTICIPANT) return ordered;
  const kept = ordered.slice(0, REASONS_PER_PACTICIPANT - 1);
  kept.push({ id: 'more-reasons', pacticipant, more: total - kept.length });
  return kept;
}

export function answerAny(model: RollbackModel): RollbackAnyAnswer {
  const { units } = model;
  const order = units.map((u) => u.id).sort((a, b) => cmp(units[a].name, units[b].name));
  // Position in name order: lists of units are sorted by it, an integer comparison instead of a string one.
  const rank = new Int32Array(units.length);
  for (let k = 0; k < order.length; k++) rank[order[k]] = k;
  const byRank = (a: number, b: number) => rank[a] - rank[b];
  const comps = componentsDependenciesFirst(model, order, () => true);
  const compOf = new Int32Array(units.length);
  comps.forEach((comp, k) => {
    for (const u of comp) compOf[u] = k;
  });
  const marks = new Marks(units.length);
  const cache: Array<ClosureFacts | undefined> = new Array(comps.length);
  const partnerMarks = new Marks(units.length);

  // Everything that depends on the closure alone is computed once per component (sorting included); per unit
  // only its own removal from the lists remains, so the work per unit is the size of its answer.
  let stamp = 0;
  const inClosure = (v: number) => marks.mark[v] === stamp;
  const closureOf = (u: number): ClosureFacts => {
    const k = compOf[u];
    const hit = cache[k];
    if (hit !== undefined) return hit;
    const closure = needsClosure(model, [u], marks);
    const members = closure.members;
    stamp = closure.stamp;
    // Reasons in the order of the closure's visit: its violations, then the "needs" it followed.
    const found = violations(model, members, inClosure);
    const reasons = found.slice();
    for (const v of members) for (const e of model.needs[v]) reasons.push(e.reason);
    const pstamp = partnerMarks.next();
    const conflictsWith: number[] = [];
    for (const v of members) {
      for (const e of model.conflicts[v]) {
        if (partnerMarks.mark[e.with] !== pstamp) {
          partnerMarks.mark[e.with] = pstamp;
          conflictsWith.push(e.with);
        }
      }
    }
    const facts = {
      requires: members.sort(byRank),
      violations: found,
      reasons: reasons.length > 1 ? [...new Set(reasons)] : reasons,
      conflictsWith: conflictsWith.sort(byRank),
    };
    cache[k] = facts;
    return facts;
  };

  const namesBut = (ids: readonly number[], except: number): string[] => {
    const out: string[] = [];
    for (const v of ids) if (v !== except) out.push(units[v].name);
    return out;
  };

  const pacticipants: PacticipantReport[] = [];
  const needsCompanions: string[] = [];
  const blocked: string[] = [];
  const withoutPrior: string[] = [];
  let candidates = 0;
  for (const u of order) {
    const unit = units[u];
    if (unit.instances.length === 0) continue; // released only: never rolls back, not a pacticipant to list
    const one = unit.instances.length === 1;
    const current = one ? unit.instances[0].current : (joined(unit.instances.map((i) => i.current)) as string);
    if (!unit.hasTarget) {
      withoutPrior.push(unit.name);
      pacticipants.push(report(unit, current, null, 'no-prior', [], [], unit.problems));
      continue;
    }
    const prior = one ? unit.instances[0].target : joined(unit.instances.map((i) => i.target));
    candidates++;
    if (model.needs[u].length === 0 && model.conflicts[u].length === 0 && model.cannot[u].length === 0) {
      // Needs nothing, conflicts with nothing: its closure is itself and violates nothing. Most units are like
      // this, and skipping the closure's bookkeeping for them is most of what keeps allocation (and GC) low.
      pacticipants.push(report(unit, current, prior, 'independent', [], [], []));
      continue;
    }
    const f = closureOf(u);
    const requires = namesBut(f.requires, u);
    const verdict = f.violations.length > 0 ? 'blocked' : requires.length > 0 ? 'needs-companions' : 'independent';
    if (verdict === 'blocked') blocked.push(unit.name);
    if (verdict === 'needs-companions') needsCompanions.push(unit.name);
    pacticipants.push(
      report(unit, current, prior, verdict, requires, namesBut(f.conflictsWith, u), firstReasons(f, unit.name)),
    );
  }

  // Conflicts are only recorded between units that both have a target, so any conflict spoils "every subset".
  const conflicting: Array<[string, string]> = [];
  for (const unit of units) {
    for (const e of model.conflicts[unit.id]) {
      if (unit.name < units[e.with].name) conflicting.push([unit.name, units[e.with].name]);
    }
  }
  conflicting.sort((x, y) => cmp(x[0], y[0]) || cmp(x[1], y[1]));
  // A service without a prior version is no candidate: it cannot roll back, so no rollback of it can break anything.
  // A fresh environment (nothing has a prior version yet) is the vacuous case: every subset (the empty one) is safe,
  // and the reason says there is nothing to roll back to yet. Asking to roll back such a service is still a no
  // (the set answer's `no-prior`).
  const everySubsetSafe = needsCompanions.length === 0 && blocked.length === 0 && conflicting.length === 0;
  const summaryReason: RollbackReason =
    candidates === 0
      ? { id: 'no-candidates', withoutPrior }
      : everySubsetSafe
        ? { id: 'every-subset-safe', pacticipants: candidates, withoutPrior }
        : { id: 'not-every-subset-safe', needsCompanions, blocked, conflicting, withoutPrior };

  return {
    summary: { everySubsetSafe, reason: renderReason(summaryReason) },
    environment: model.environment,
    pacticipants,
    warnings: pairsOfRollback(model, () => false).warnings,
  };
}

/** The distinct values joined, or null when one is missing. */
function joined(vs: Array<string | null>): string | null {
  return vs.includes(null) ? null : [...new Set(vs as string[])].join(', ');
}

/** One literal per shape rather than spreads, which would give every report its own hidden class in V8. */
function report(
  unit: UnitModel,
  current: string,
  prior: string | null,
  verdict: PacticipantVerdict,
  requires: string[],
  conflictsWith: string[],
  reasons: RollbackReason[],
): PacticipantReport {
  if (unit.instances.length > 1) {
    const instances = unit.instances.map((i) => ({
      applicationInstance: i.applicationInstance,
      current: i.current,
      prior: i.target,
    }));
    return { name: unit.name, current, prior, instances, verdict, requires, conflictsWith, reasons };
  }
  return { name: unit.name, current, prior, verdict, requires, conflictsWith, reasons };
}
