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
import { resolveTargets, type ResolvedInstance } from './history.ts';
import type { BrokenPair, RollbackReason } from './reasons.ts';
import type { DeploymentFacts, EvidenceRow, PactRow, RollbackTarget, RollbackWorld } from './types.ts';

/**
 * A unit's versions in play are interned to small ids (`versions[id]`), so that an integration's evidence is a
 * flat array indexed by (consumer version id, provider version id): every lookup is an array access.
 */
export interface UnitModel {
  id: number;
  name: string;
  instances: ResolvedInstance[];
  released: string[];
  hasTarget: boolean;
  problems: RollbackReason[];
  /** Distinct versions in play in either state. */
  versions: string[];
  versionId: Map<string, number>;
  /** Version ids in play when it stays: its instances' current versions and its released versions. */
  stay: number[];
  /** Version ids in play when it rolls back: its instances' targets and its released versions (= stay without a target). */
  rolled: number[];
  /**
   * Per version id, whether some instance moves to it (target differs from that instance's current version).
   * Plain arrays, not typed ones: every typed array carries an ArrayBuffer that each young-generation GC must
   * sweep, which made building a 5,000-service model several times slower.
   */
  moved: boolean[];
  ignored: boolean;
}

export interface Integration {
  consumer: number;
  provider: number;
  /** Consumer or provider is ignored: pairs reported as ignored, no clauses. */
  ignored: boolean;
  /** Per consumer version id: whether that version has a pact with the provider (no pact: no dependency). */
  pact: boolean[];
  /**
   * Where this integration's evidence starts in the model's `rows`: the row of (cv, pv) is at
   * rowBase + cv * (provider's version count) + pv; missing is unknown. One flat array for all integrations
   * keeps the number of objects (and so garbage-collection time) small on large environments.
   */
  rowBase: number;
}

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
  rows: Array<EvidenceRow | undefined>;
  needs: NeedsEdge[][];
  conflicts: ConflictEdge[][];
  cannot: RollbackReason[][];
  /** Query-level problems: targets that are not units of the environment. */
  targetProblems: RollbackReason[];
}

/** consumer -> consumer version -> providers. */
export type PactIndex = Map<string, Map<string, Set<string>>>;

export function indexPacts(rows: readonly PactRow[]): PactIndex {
  const m: PactIndex = new Map();
  for (const r of rows) {
    let byVersion = m.get(r.consumer);
    if (byVersion === undefined) m.set(r.consumer, (byVersion = new Map()));
    let providers = byVersion.get(r.consumerVersion);
    if (providers === undefined) byVersion.set(r.consumerVersion, (providers = new Set()));
    providers.add(r.provider);
  }
  return m;
}

export interface ModelQuery {
  steps?: number;
  ignore?: readonly string[];
  /** Explicit targets; units not named here roll back `steps` versions. */
  targets?: readonly RollbackTarget[];
}

/** Units with their targets and versions in play: everything but pacts and evidence. */
export function buildUnits(facts: DeploymentFacts, query: ModelQuery): {
  units: UnitModel[];
  byName: Map<string, number>;
  targetProblems: RollbackReason[];
} {
  const steps = query.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const ignore = new Set(query.ignore ?? []);
  const explicit = new Map<string, string>();
  const ambiguous = new Map<string, Set<string>>();
  for (const t of query.targets ?? []) {
    if (t.version === undefined) continue;
    const seen = explicit.get(t.pacticipant);
    if (seen !== undefined && seen !== t.version) {
      let s = ambiguous.get(t.pacticipant);
      if (s === undefined) ambiguous.set(t.pacticipant, (s = new Set([seen])));
      s.add(t.version);
    }
    explicit.set(t.pacticipant, t.version);
  }
  const byName = new Map<string, number>();
  const units: UnitModel[] = [];
  for (const u of facts.units) {
    if (byName.has(u.name)) throw new Error(`pacticipant ${u.name} is listed twice in the environment`);
    const r = resolveTargets(u, facts.environment, steps, explicit.get(u.name));
    const amb = ambiguous.get(u.name);
    const problems = amb ? [...r.problems, { id: 'ambiguous-target' as const, pacticipant: u.name, versions: [...amb].sort() }] : r.problems;
    const released = [...new Set(u.released)];
    const hasTarget = r.hasTarget && amb === undefined;
    const versions: string[] = [];
    const versionId = new Map<string, number>();
    const intern = (v: string): number => {
      let id = versionId.get(v);
      if (id === undefined) {
        versionId.set(v, (id = versions.length));
        versions.push(v);
      }
      return id;
    };
    const stay = distinct([...r.instances.map((i) => intern(i.current)), ...released.map(intern)]);
    // A unit without a target cannot move: its "rolled" state is its current one, so reports stay meaningful.
    const rolled = hasTarget ? distinct([...r.instances.map((i) => intern(i.target as string)), ...released.map(intern)]) : stay;
    const moved: boolean[] = versions.map(() => false);
    if (hasTarget) for (const i of r.instances) if (i.target !== i.current) moved[versionId.get(i.target as string)!] = true;
    byName.set(u.name, units.length);
    units.push({
      id: units.length, name: u.name, instances: r.instances, released, hasTarget, problems,
      versions, versionId, stay, rolled, moved, ignored: ignore.has(u.name),
    });
  }
  const targetProblems: RollbackReason[] = [];
  for (const t of query.targets ?? []) {
    if (!byName.has(t.pacticipant) && !targetProblems.some((p) => p.id === 'not-deployed' && p.pacticipant === t.pacticipant)) {
      targetProblems.push({ id: 'not-deployed', pacticipant: t.pacticipant, environment: facts.environment });
    }
  }
  return { units, byName, targetProblems };
}

function distinct(xs: number[]): number[] {
  return [...new Set(xs)];
}

/** The integrations among the environment's units: (c, p) when a version of c in play has a pact with p. */
export function findIntegrations(units: readonly UnitModel[], byName: ReadonlyMap<string, number>, pacts: PactIndex): Integration[] {
  const out: Integration[] = [];
  // slot[p] = 1 + index in `out` of (current consumer, p); reset after each consumer. No map per consumer.
  const slot = new Array<number>(units.length).fill(0);
  let rowBase = 0;
  for (const c of units) {
    const byVersion = pacts.get(c.name);
    if (byVersion === undefined) continue;
    const first = out.length;
    for (let id = 0; id < c.versions.length; id++) {
      const ps = byVersion.get(c.versions[id]);
      if (ps === undefined) continue;
      for (const name of ps) {
        const p = byName.get(name);
        if (p === undefined) continue; // a provider not deployed in the environment: no pair here
        if (slot[p] === 0) {
          out.push({ consumer: c.id, provider: p, ignored: c.ignored || units[p].ignored, pact: c.versions.map(() => false), rowBase: 0 });
          slot[p] = out.length;
        }
        out[slot[p] - 1].pact[id] = true;
      }
    }
    const mine = out.slice(first).sort((a, b) => a.provider - b.provider);
    for (let k = 0; k < mine.length; k++) {
      const integ = mine[k];
      out[first + k] = integ;
      slot[integ.provider] = 0;
      integ.rowBase = rowBase;
      rowBase += c.versions.length * units[integ.provider].versions.length;
    }
  }
  return out;
}

/** Puts each evidence row on its integration; rows for versions or integrations not in play are not needed. */
function attachEvidence(
  units: readonly UnitModel[],
  byName: ReadonlyMap<string, number>,
  integrations: readonly Integration[],
  rows: readonly EvidenceRow[],
): Array<EvidenceRow | undefined> {
  const last = integrations[integrations.length - 1];
  const size = last === undefined ? 0 : last.rowBase + units[last.consumer].versions.length * units[last.provider].versions.length;
  const out = new Array<EvidenceRow | undefined>(size).fill(undefined);
  // Integrations are sorted by (consumer, provider): a consumer's integrations are one run, found by scanning it.
  const firstOf = new Array<number>(units.length).fill(-1);
  for (let k = integrations.length - 1; k >= 0; k--) firstOf[integrations[k].consumer] = k;
  for (const r of rows) {
    const c = byName.get(r.consumer);
    const p = byName.get(r.provider);
    if (c === undefined || p === undefined || firstOf[c] < 0) continue;
    let k = firstOf[c];
    while (k < integrations.length && integrations[k].consumer === c && integrations[k].provider !== p) k++;
    if (k === integrations.length || integrations[k].consumer !== c) continue;
    const cv = units[c].versionId.get(r.consumerVersion);
    const pv = units[p].versionId.get(r.providerVersion);
    if (cv === undefined || pv === undefined) continue;
    out[integrations[k].rowBase + cv * units[p].versions.length + pv] = r; // a later row replaces an earlier one
  }
  return out;
}

/**
 * Visit every (consumer version, provider version) pair in play for an integration in state (a, b), by version
 * ids, with whether the rollback creates it (one of its endpoints moved) or it was in play before and stays.
 * Only pairs where the consumer version has a pact with the provider are visited.
 */
export function visitPairs(
  model: Pick<RollbackModel, 'units'>,
  integ: Integration,
  a: boolean,
  b: boolean,
  visit: (cv: number, pv: number, created: boolean) => void,
): void {
  const c = model.units[integ.consumer];
  const p = model.units[integ.provider];
  const cvs = a ? c.rolled : c.stay;
  const pvs = b ? p.rolled : p.stay;
  for (const cv of cvs) {
    if (!integ.pact[cv]) continue;
    const cMoved = a && c.moved[cv];
    for (const pv of pvs) visit(cv, pv, cMoved || (b && p.moved[pv]));
  }
}

export function rowOf(model: Pick<RollbackModel, 'units' | 'rows'>, integ: Integration, cv: number, pv: number): EvidenceRow | undefined {
  return model.rows[integ.rowBase + cv * model.units[integ.provider].versions.length + pv];
}

function brokenCreated(model: RollbackModel, integ: Integration, a: boolean, b: boolean): BrokenPair[] {
  const out: BrokenPair[] = [];
  const c = model.units[integ.consumer];
  const p = model.units[integ.provider];
  visitPairs(model, integ, a, b, (cv, pv, created) => {
    if (!created) return;
    const verdict = rowOf(model, integ, cv, pv)?.verdict ?? 'unknown';
    if (verdict !== 'compatible') {
      out.push({ consumer: { name: c.name, version: c.versions[cv] }, provider: { name: p.name, version: p.versions[pv] }, verdict });
    }
  });
  return out;
}

/** Builds the clause graph: linear in the number of (version pair, state) combinations of the integrations. */
export function buildModel(world: RollbackWorld, query: ModelQuery): RollbackModel {
  const { units, byName, targetProblems } = buildUnits(world, query);
  const integrations = findIntegrations(units, byName, indexPacts(world.pacts));
  const rows = attachEvidence(units, byName, integrations, world.evidence);
  const n = units.length;
  const needs: NeedsEdge[][] = Array.from({ length: n }, () => []);
  const conflicts: ConflictEdge[][] = Array.from({ length: n }, () => []);
  const cannot: RollbackReason[][] = Array.from({ length: n }, () => []);
  const model: RollbackModel = { environment: world.environment, units, byName, integrations, rows, needs, conflicts, cannot, targetProblems };

  for (const integ of integrations) if (!integ.ignored) addClauses(model, integ);
  return model;
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
  const b10 = cu.hasTarget ? brokenCreated(model, integ, true, false) : [];
  const b01 = pu.hasTarget ? brokenCreated(model, integ, false, true) : [];
  const b11 = cu.hasTarget && pu.hasTarget ? brokenCreated(model, integ, true, true) : [];
  if (b10.length > 0) needs[c].push({ to: p, reason: { id: 'needs', pacticipant: cu.name, needs: pu.name, because: b10 } });
  if (b01.length > 0) needs[p].push({ to: c, reason: { id: 'needs', pacticipant: pu.name, needs: cu.name, because: b01 } });
  if (b11.length > 0) {
    conflicts[c].push({ with: p, reason: { id: 'conflict', pacticipant: cu.name, conflictsWith: pu.name, because: b11 } });
    conflicts[p].push({ with: c, reason: { id: 'conflict', pacticipant: pu.name, conflictsWith: cu.name, because: b11 } });
    if (b10.length > 0) cannot[c].push({ id: 'cannot', pacticipant: cu.name, other: pu.name, because: [...b10, ...b11] });
    if (b01.length > 0) cannot[p].push({ id: 'cannot', pacticipant: pu.name, other: cu.name, because: [...b01, ...b11] });
  }
}
