/**
 * The units of one environment under one choice of targets: per pacticipant its instances, targets and versions
 * in play, the versions interned to small ids so that everything downstream is array indexing.
 */
import { resolveTargets, type ResolvedInstance } from './history.ts';
import type { RollbackReason } from './reasons.ts';
import type { DeploymentFacts, RollbackTarget } from './types.ts';

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
  /** Version ids by version, for a unit with too many versions to scan (`versionIdOf` reads it): null for most. */
  versionId: Map<string, number> | null;
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

export interface ModelQuery {
  steps?: number;
  ignore?: readonly string[];
  /** Explicit targets; units not named here roll back `steps` versions. */
  targets?: readonly RollbackTarget[];
}

/** Units with their targets and versions in play: everything but pacts and evidence. */
export function buildUnits(
  facts: DeploymentFacts,
  query: ModelQuery,
): {
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
      const s = ambiguous.get(t.pacticipant) ?? new Set([seen]);
      ambiguous.set(t.pacticipant, s);
      s.add(t.version);
    }
    explicit.set(t.pacticipant, t.version);
  }
  const byName = new Map<string, number>();
  const units: UnitModel[] = [];
  const interner = new Interner();
  // inRolled[id] === unit index + 1: version id already in that unit's `rolled` (a stamp, so no set per unit).
  const inRolled: number[] = [];
  for (const u of facts.units) {
    if (byName.has(u.name)) throw new Error(`pacticipant ${u.name} is listed twice in the environment`);
    const r = resolveTargets(u, facts.environment, steps, explicit.get(u.name));
    const amb = ambiguous.get(u.name);
    const problems = amb
      ? [...r.problems, { id: 'ambiguous-target' as const, pacticipant: u.name, versions: [...amb].sort() }]
      : r.problems;
    const released = u.released.length < 2 ? u.released.slice() : [...new Set(u.released)];
    const hasTarget = r.hasTarget && amb === undefined;
    interner.reset();
    // Ids are given in order of first appearance, so the distinct ids in play when staying are exactly 0..k-1.
    for (const i of r.instances) interner.id(i.current);
    for (const v of released) interner.id(v);
    const stay = interner.versions.map((_, id) => id);
    // A unit without a target cannot move: its "rolled" state is its current one, so reports stay meaningful.
    let rolled = stay;
    if (hasTarget) {
      // Sized up front and trimmed: an array grown by push from empty reserves 17 slots.
      rolled = new Array<number>(r.instances.length + released.length);
      let k = 0;
      const stamp = units.length + 1;
      for (const i of r.instances) {
        const id = interner.id(i.target as string);
        if (inRolled[id] !== stamp) {
          inRolled[id] = stamp;
          rolled[k++] = id;
        }
      }
      for (const v of released) {
        const id = interner.id(v);
        if (inRolled[id] !== stamp) {
          inRolled[id] = stamp;
          rolled[k++] = id;
        }
      }
      rolled.length = k;
    }
    const versions = interner.versions.slice();
    const moved: boolean[] = new Array<boolean>(versions.length).fill(false);
    if (hasTarget)
      for (const i of r.instances) if (i.target !== i.current) moved[interner.id(i.target as string)] = true;
    byName.set(u.name, units.length);
    units.push({
      id: units.length,
      name: u.name,
      instances: r.instances,
      released,
      hasTarget,
      problems,
      versions,
      versionId: interner.index,
      stay,
      rolled,
      moved,
      ignored: ignore.has(u.name),
    });
  }
  const targetProblems: RollbackReason[] = [];
  const reported = new Set<string>();
  for (const t of query.targets ?? []) {
    if (!byName.has(t.pacticipant) && !reported.has(t.pacticipant)) {
      reported.add(t.pacticipant);
      targetProblems.push({ id: 'not-deployed', pacticipant: t.pacticipant, environment: facts.environment });
    }
  }
  return { units, byName, targetProblems };
}

/** Up to this many versions, finding one by scanning a unit's list is faster than a map, and allocates nothing. */
const SCAN_LIMIT = 8;

/** The id of a version of a unit, if it is in play. */
export function versionIdOf(unit: Pick<UnitModel, 'versions' | 'versionId'>, version: string): number | undefined {
  if (unit.versionId !== null) return unit.versionId.get(version);
  const id = unit.versions.indexOf(version);
  return id < 0 ? undefined : id;
}

/**
 * Interns one unit's versions at a time (reset between units): ids in order of first appearance, a map only
 * once there are more than SCAN_LIMIT of them. Most units have two to four versions in play, and a map for
 * each was most of the memory a model allocated per unit.
 */
class Interner {
  readonly versions: string[] = [];
  /** Handed over to the unit when there is one: a new map is made for the next unit that needs one. */
  index: Map<string, number> | null = null;

  reset(): void {
    this.versions.length = 0;
    this.index = null;
  }

  id(v: string): number {
    const { versions } = this;
    if (this.index !== null) {
      const known = this.index.get(v);
      if (known !== undefined) return known;
      const id = versions.length;
      this.index.set(v, id);
      versions.push(v);
      return id;
    }
    let id = versions.indexOf(v);
    if (id < 0) {
      id = versions.length;
      versions.push(v);
      if (versions.length > SCAN_LIMIT) this.index = new Map(versions.map((x, k) => [x, k]));
    }
    return id;
  }
}
