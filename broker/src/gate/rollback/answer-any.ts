/**
 * The any-subset analysis: for every deployed pacticipant, whether it can roll back on its own, with
 * companions (the closure of it under "needs"), or not at all. One closure per strongly connected component of
 * the "needs" graph (its members share one closure), never an enumeration of subsets.
 */
import { buildModel, type RollbackModel } from './model.ts';
import { Marks, cmp, componentsDependenciesFirst, needsClosure, violations } from './graph.ts';
import { pairsOfRollback } from './pairs.ts';
import { renderReason } from './catalogue.ts';
import type { RollbackReason } from './reasons.ts';
import type { PacticipantReport, RollbackAnyAnswer, RollbackOptions, RollbackWorld } from './types.ts';

export function canIRollbackAny(world: RollbackWorld, options: RollbackOptions = {}): RollbackAnyAnswer {
  return answerAny(buildModel(world, options));
}

interface ClosureFacts {
  requires: number[];
  violations: RollbackReason[];
  needs: RollbackReason[];
  conflictsWith: number[];
}

export function answerAny(model: RollbackModel): RollbackAnyAnswer {
  const { units } = model;
  const order = units.map((u) => u.id).sort((a, b) => cmp(units[a].name, units[b].name));
  const comps = componentsDependenciesFirst(model, order, () => true);
  const compOf = new Int32Array(units.length);
  comps.forEach((comp, k) => {
    for (const u of comp) compOf[u] = k;
  });
  const marks = new Marks(units.length);
  const cache: Array<ClosureFacts | undefined> = new Array(comps.length);
  const partnerMarks = new Marks(units.length);

  const closureOf = (u: number): ClosureFacts => {
    const k = compOf[u];
    const hit = cache[k];
    if (hit !== undefined) return hit;
    const { members, stamp } = needsClosure(model, [u], marks);
    const inClosure = (v: number) => marks.mark[v] === stamp;
    const needs = members.flatMap((v) => model.needs[v].map((e) => e.reason));
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
    const facts = { requires: members, violations: violations(model, members, inClosure), needs, conflictsWith };
    cache[k] = facts;
    return facts;
  };

  const names = (ids: readonly number[], except: number) =>
    ids.filter((v) => v !== except).map((v) => units[v].name).sort(cmp);
  const joined = (vs: Array<string | null>) => (vs.includes(null) ? null : [...new Set(vs as string[])].join(', '));

  const pacticipants: PacticipantReport[] = [];
  const needsCompanions: string[] = [];
  const blocked: string[] = [];
  let candidates = 0;
  for (const u of order) {
    const unit = units[u];
    if (unit.instances.length === 0) continue; // released only: never rolls back, not a pacticipant to list
    const current = joined(unit.instances.map((i) => i.current)) as string;
    const prior = unit.hasTarget ? joined(unit.instances.map((i) => i.target)) : null;
    const base = {
      name: unit.name,
      current,
      prior,
      ...(unit.instances.length > 1
        ? { instances: unit.instances.map((i) => ({ applicationInstance: i.applicationInstance, current: i.current, prior: i.target })) }
        : {}),
    };
    if (!unit.hasTarget) {
      pacticipants.push({ ...base, verdict: 'no-prior', requires: [], conflictsWith: [], reasons: unit.problems });
      continue;
    }
    candidates++;
    const f = closureOf(u);
    const requires = names(f.requires, u);
    const verdict = f.violations.length > 0 ? 'blocked' : requires.length > 0 ? 'needs-companions' : 'independent';
    if (verdict === 'blocked') blocked.push(unit.name);
    if (verdict === 'needs-companions') needsCompanions.push(unit.name);
    pacticipants.push({
      ...base,
      verdict,
      requires,
      conflictsWith: names(f.conflictsWith, u),
      reasons: [...new Set([...f.violations, ...f.needs])],
    });
  }

  // Conflicts are only recorded between units that both have a target, so any conflict spoils "every subset".
  const conflicting: Array<[string, string]> = [];
  for (const unit of units) {
    for (const e of model.conflicts[unit.id]) {
      if (unit.name < units[e.with].name) conflicting.push([unit.name, units[e.with].name]);
    }
  }
  conflicting.sort((x, y) => cmp(x[0], y[0]) || cmp(x[1], y[1]));
  // With nothing to roll back to, "every subset is safe" would be vacuously true and a gate would pass: say no.
  const everySubsetSafe = candidates > 0 && needsCompanions.length === 0 && blocked.length === 0 && conflicting.length === 0;
  const summaryReason: RollbackReason =
    candidates === 0
      ? { id: 'no-candidates' }
      : everySubsetSafe
        ? { id: 'every-subset-safe', pacticipants: candidates }
        : { id: 'not-every-subset-safe', needsCompanions, blocked, conflicting };

  return {
    summary: { everySubsetSafe, reason: renderReason(summaryReason) },
    environment: model.environment,
    pacticipants,
    warnings: pairsOfRollback(model, () => false).warnings,
  };
}
