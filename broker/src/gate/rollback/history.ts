/**
 * Where each instance would roll back to. The deployment history is an append-only log; what matters for a
 * rollback is the distinct versions in order of their most recent deployment (after 1, 2, 1, 3 that is 3, 1, 2:
 * the prior version of 3 is 1, not 2, because 1 was running more recently).
 */
import type { DeployedUnit } from './types.ts';
import type { RollbackReason } from './reasons.ts';

/** Distinct versions, newest deployment first, the current version first. */
export function distinctHistory(current: string, history: readonly string[]): string[] {
  const seen = new Set<string>([current]);
  const out = [current];
  for (const v of history) {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

export interface ResolvedInstance {
  applicationInstance: string | null;
  current: string;
  /** null: nothing to roll back to (the unit's reasons say why). */
  target: string | null;
}

export interface ResolvedUnit {
  instances: ResolvedInstance[];
  /** True when every instance (and there is at least one) has a target. */
  hasTarget: boolean;
  problems: RollbackReason[];
}

/**
 * Targets for one unit: `explicit` if given (all instances move to it; it must have been deployed in the
 * environment, on any instance), else `steps` distinct versions back on each instance.
 */
export function resolveTargets(
  unit: DeployedUnit,
  environment: string,
  steps: number,
  explicit: string | undefined,
): ResolvedUnit {
  const problems: RollbackReason[] = [];
  if (unit.instances.length === 0) {
    // Only released: released versions never roll back.
    problems.push({ id: 'not-deployed', pacticipant: unit.name, environment });
    return { instances: [], hasTarget: false, problems };
  }
  if (explicit !== undefined) {
    // The distinct history holds exactly the current version and the logged ones.
    const deployed = unit.instances.some((i) => i.current === explicit || i.history.includes(explicit));
    if (!deployed)
      problems.push({ id: 'version-never-deployed', pacticipant: unit.name, version: explicit, environment });
    const instances = unit.instances.map((i) => ({
      applicationInstance: i.applicationInstance,
      current: i.current,
      target: deployed ? explicit : null,
    }));
    return { instances, hasTarget: deployed, problems };
  }
  const instances = unit.instances.map((i) => {
    const target = stepsBack(i.current, i.history, steps);
    if (target === null) {
      problems.push({
        id: 'no-prior',
        pacticipant: unit.name,
        applicationInstance: i.applicationInstance,
        current: i.current,
        steps,
      });
    }
    return { applicationInstance: i.applicationInstance, current: i.current, target };
  });
  return { instances, hasTarget: problems.length === 0, problems };
}

/**
 * distinctHistory(current, history)[steps], without building the list for the usual question (one step back:
 * the most recent logged version other than the current one). Saves two allocations per instance.
 */
function stepsBack(current: string, history: readonly string[], steps: number): string | null {
  if (steps === 1) {
    for (const v of history) if (v !== current) return v;
    return null;
  }
  return distinctHistory(current, history)[steps] ?? null;
}
