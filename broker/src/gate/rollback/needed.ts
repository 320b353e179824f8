/**
 * What the broker must fetch before calling the analysis, so that it reads only what it may need:
 * the pacts of the versions in play, then the evidence for the pairs those pacts create.
 */
import { findIntegrations, slotCount, slotOf, visitPairs } from './integrations.ts';
import { versionsCrossed } from './migrations.ts';
import { buildUnits, type ModelQuery } from './units.ts';
import type { DeploymentFacts, PairKey, RollbackWorld } from './types.ts';

const STATES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** Every (pacticipant, version) whose pacts the analysis reads: current, target and released versions. */
export function versionsInPlay(
  facts: DeploymentFacts,
  query: ModelQuery = {},
): Array<{ pacticipant: string; version: string }> {
  const { units } = buildUnits(facts, query);
  return units.flatMap((u) => u.versions.map((version) => ({ pacticipant: u.name, version })));
}

/**
 * Each deployed instance's own rollback, current -> prior, for every unit with a target (issue 20: the any-subset
 * answer's API warnings read the stored diff of each). One per instance whose prior differs from its current.
 */
export function rollbackMoves(
  facts: DeploymentFacts,
  query: ModelQuery = {},
): Array<{ provider: string; from: string; to: string }> {
  const { units } = buildUnits(facts, query);
  const out: Array<{ provider: string; from: string; to: string }> = [];
  for (const u of units) {
    if (!u.hasTarget) continue;
    for (const i of u.instances)
      if (i.target !== null && i.target !== i.current) out.push({ provider: u.name, from: i.current, to: i.target });
  }
  return out;
}

/**
 * Every (pacticipant, version) whose migrations the analysis reads: the versions each instance's rollback crosses
 * (deployed there after its target's most recent deployment, up to the current one), for every unit with a target.
 */
export function versionsCrossedBy(
  facts: DeploymentFacts,
  query: ModelQuery = {},
): Array<{ pacticipant: string; version: string }> {
  const { units } = buildUnits(facts, query);
  const out: Array<{ pacticipant: string; version: string }> = [];
  for (const u of units) {
    if (!u.hasTarget) continue;
    const seen = new Set<string>();
    u.instances.forEach((inst, j) => {
      for (const version of versionsCrossed(
        inst.current,
        facts.units[u.id].instances[j].history,
        inst.target as string,
      ))
        if (!seen.has(version)) {
          seen.add(version);
          out.push({ pacticipant: u.name, version });
        }
    });
  }
  return out;
}

/**
 * Every (consumer version, provider version) pair whose evidence the analysis may read for this query (the
 * set analysis may reach any unit through "needs", so this covers every unit's current, target and released
 * versions). Pairs of ignored pacticipants are included: they are reported, with their verdicts, as ignored.
 */
export function requiredPairs(world: Omit<RollbackWorld, 'evidence'>, query: ModelQuery = {}): PairKey[] {
  const { units, byName } = buildUnits(world, query);
  const integrations = findIntegrations(units, byName, world.pacts);
  // One mark per slot instead of a set per integration: a pair already listed is skipped.
  const listed = new Uint8Array(slotCount(units, integrations));
  const out: PairKey[] = [];
  for (const integ of integrations) {
    const c = units[integ.consumer];
    const p = units[integ.provider];
    // The four states together visit every combination of the consumer's and provider's versions in play.
    for (const [a, b] of STATES) {
      visitPairs(units, integ, a, b, (cv, pv) => {
        const slot = slotOf(units, integ, cv, pv);
        if (listed[slot] === 1) return;
        listed[slot] = 1;
        out.push({
          consumer: c.name,
          consumerVersion: c.versions[cv],
          provider: p.name,
          providerVersion: p.versions[pv],
        });
      });
    }
  }
  return out;
}
