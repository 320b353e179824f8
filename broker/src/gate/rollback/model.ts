/**
 * The clause graph of one environment under one choice of targets: per unit its versions in play, per
 * integration (consumer, provider) its four-state table turned into Horn clauses.
 *
 * For an integration (c, p) let T[a][b] say whether the pairs created when c is rolled back (a) and p is rolled
 * back (b) are all compatible. Rolling back S is safe iff every member has a target and, for every integration
 * with a member in S, T[c in S][p in S] holds (T[0][0] holds trivially: nothing moved, nothing created). Each false
 * entry forbids exactly one assignment of two booleans, so it is exactly one clause:
 *   T[1][0] false  ->  c => p          "rolling back c needs p"
 *   T[0][1] false  ->  p => c          "rolling back p needs c"
 *   T[1][1] false  ->  not (c and p)   "c and p cannot both roll back"
 * and (c => p) with not (c and p) is just not c: "c cannot roll back", recorded too because it reads better.
 * All are Horn clauses, so the safe sets containing S have a least element, the closure of S under "needs",
 * whenever the closure violates no negative clause (and no safe set contains S otherwise): see semantics.md.
 */
import { findIntegrations, indexEvidence, type Integration } from './integrations.ts';
import { buildUnits, type ModelQuery, type UnitModel } from './units.ts';
import type { BrokenPair, RollbackReason } from './reasons.ts';
import { withDeclared } from './declared.ts';
import { crossing, migrationsByVersion, versionsCrossed } from './migrations.ts';
import type { DownStep, EvidenceRow, RollbackWorld } from './types.ts';

export type { Integration } from './integrations.ts';
export type { ModelQuery, UnitModel } from './units.ts';

export interface NeedsEdge {
  to: number;
  reason: RollbackReason & { id: 'needs' };
}
export interface ConflictEdge {
  with: number;
  reason: RollbackReason & { id: 'conflict' };
}

export interface RollbackModel {
  environment: string;
  units: UnitModel[];
  byName: Map<string, number>;
  integrations: Integration[];
  /** The world's evidence rows, as given. */
  evidence: readonly EvidenceRow[];
  /** Per slot (see Integration.rowBase): index of its row in `evidence`, -1 when there is none (unknown). */
  rowAt: Int32Array;
  /** Per slot: 1 when its row says compatible. What clauses and warnings read, instead of the rows. */
  compatible: Uint8Array;
  needs: NeedsEdge[][];
  conflicts: ConflictEdge[][];
  cannot: RollbackReason[][];
  /** Per unit: whether its rollback crosses an irreversible migration (its `cannot` says which). */
  irreversible: boolean[];
  /** Per unit, per instance: the down steps of the reversible migrations its rollback crosses; null for most units. */
  downSteps: Array<DownStep[][] | null>;
  /** Query-level problems: targets that are not units of the environment. */
  targetProblems: RollbackReason[];
}

/** The row of a slot, if any. */
export function rowOf(model: Pick<RollbackModel, 'evidence' | 'rowAt'>, slot: number): EvidenceRow | undefined {
  const i = model.rowAt[slot];
  return i < 0 ? undefined : model.evidence[i];
}

// Shared by every state with nothing broken: most integrations, so no array is allocated for them.
const NONE: BrokenPair[] = [];

/**
 * The pairs an integration creates in state (a, b) that are not compatible (the walk of `visitPairs`, inlined).
 * It reads the compatibility flags; a row is read only for a pair that breaks.
 */
function brokenCreated(model: RollbackModel, integ: Integration, a: boolean, b: boolean): BrokenPair[] {
  const c = model.units[integ.consumer];
  const p = model.units[integ.provider];
  const cvs = a ? c.rolled : c.stay;
  const pvs = b ? p.rolled : p.stay;
  const width = p.versions.length;
  let out = NONE;
  for (const cv of cvs) {
    if (!integ.pact[cv]) continue;
    const cMoved = a && c.moved[cv];
    const base = integ.rowBase + cv * width;
    for (const pv of pvs) {
      if (model.compatible[base + pv] === 1 || !(cMoved || (b && p.moved[pv]))) continue;
      if (out === NONE) out = [];
      const verdict = rowOf(model, base + pv)?.verdict ?? 'unknown';
      out.push({
        consumer: { name: c.name, version: c.versions[cv] },
        provider: { name: p.name, version: p.versions[pv] },
        verdict: verdict as BrokenPair['verdict'],
      });
    }
  }
  return out;
}

/** Builds the clause graph: linear in the number of (version pair, state) combinations of the integrations. */
export function buildModel(given: RollbackWorld, query: ModelQuery): RollbackModel {
  const world = withDeclared(given);
  const { units, byName, targetProblems } = buildUnits(world, query);
  const integrations = findIntegrations(units, byName, world.pacts);
  const { rowAt, compatible } = indexEvidence(units, byName, integrations, world.evidence);
  const n = units.length;
  const needs: NeedsEdge[][] = Array.from({ length: n }, () => []);
  const conflicts: ConflictEdge[][] = Array.from({ length: n }, () => []);
  const cannot: RollbackReason[][] = Array.from({ length: n }, () => []);
  const model: RollbackModel = {
    environment: world.environment,
    units,
    byName,
    integrations,
    evidence: world.evidence,
    rowAt,
    compatible,
    needs,
    conflicts,
    cannot,
    irreversible: new Array<boolean>(n).fill(false),
    downSteps: new Array<DownStep[][] | null>(n).fill(null),
    targetProblems,
  };

  addMigrations(model, world);
  for (const integ of integrations) if (!integ.ignored) addClauses(model, integ);
  return model;
}

/**
 * The migrations each unit's rollback crosses (migrations.ts): an irreversible one is a "cannot" clause of its unit,
 * reversible ones become the down steps of its plan entries. Units are built from `world.units` in order, so unit k
 * and its instances line up with `world.units[k]` and its histories.
 */
function addMigrations(model: RollbackModel, world: RollbackWorld): void {
  const byVersion = migrationsByVersion(world.migrations);
  if (byVersion.size === 0) return;
  for (const unit of model.units) {
    if (!unit.hasTarget) continue;
    const facts = world.units[unit.id];
    const reported = new Set<string>();
    unit.instances.forEach((inst, j) => {
      const crossed = versionsCrossed(inst.current, facts.instances[j].history, inst.target as string);
      const { irreversible, down } = crossing(unit.name, crossed, byVersion);
      for (const m of irreversible) {
        const key = `${m.version}\u0000${m.id}`;
        if (reported.has(key)) continue;
        reported.add(key);
        model.irreversible[unit.id] = true;
        model.cannot[unit.id].push({
          id: 'irreversible-migration',
          pacticipant: unit.name,
          applicationInstance: inst.applicationInstance,
          version: m.version,
          migration: m.id,
        });
      }
      if (down.length > 0) {
        const steps = model.downSteps[unit.id] ?? unit.instances.map(() => []);
        steps[j] = down;
        model.downSteps[unit.id] = steps;
      }
    });
  }
}

/** The clauses of one integration, from its table (see the top of this file). */
function addClauses(model: RollbackModel, integ: Integration): void {
  const { consumer: c, provider: p } = integ;
  const { units, needs, conflicts, cannot } = model;
  const cu = units[c];
  const pu = units[p];
  if (c === p) {
    // A pacticipant with a pact with itself: both ends move together, so only "cannot roll back" can arise.
    if (!cu.hasTarget) return;
    const b11 = brokenCreated(model, integ, true, true);
    if (b11.length > 0) cannot[c].push({ id: 'cannot', pacticipant: cu.name, other: cu.name, because: b11 });
    return;
  }
  // A unit without a target never rolls back, so the states where it does need no clause (its own rule blocks them).
  const b10 = cu.hasTarget ? brokenCreated(model, integ, true, false) : NONE;
  const b01 = pu.hasTarget ? brokenCreated(model, integ, false, true) : NONE;
  const b11 = cu.hasTarget && pu.hasTarget ? brokenCreated(model, integ, true, true) : NONE;
  if (b10.length > 0)
    needs[c].push({ to: p, reason: { id: 'needs', pacticipant: cu.name, needs: pu.name, because: b10 } });
  if (b01.length > 0)
    needs[p].push({ to: c, reason: { id: 'needs', pacticipant: pu.name, needs: cu.name, because: b01 } });
  if (b11.length > 0) {
    conflicts[c].push({
      with: p,
      reason: { id: 'conflict', pacticipant: cu.name, conflictsWith: pu.name, because: b11 },
    });
    conflicts[p].push({
      with: c,
      reason: { id: 'conflict', pacticipant: pu.name, conflictsWith: cu.name, because: b11 },
    });
    if (b10.length > 0)
      cannot[c].push({ id: 'cannot', pacticipant: cu.name, other: pu.name, because: [...b10, ...b11] });
    if (b01.length > 0)
      cannot[p].push({ id: 'cannot', pacticipant: pu.name, other: cu.name, because: [...b01, ...b11] });
  }
}
