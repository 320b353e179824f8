/**
 * What the broker must fetch before calling the analysis, so that it reads only what it may need:
 * the pacts of the versions in play, then the evidence for the pairs those pacts create.
 */
import { buildUnits, findIntegrations, indexPacts, visitPairs, type ModelQuery } from './model.ts';
import type { DeploymentFacts, PairKey, RollbackWorld } from './types.ts';

/** Every (pacticipant, version) whose pacts the analysis reads: current, target and released versions. */
export function versionsInPlay(facts: DeploymentFacts, query: ModelQuery = {}): Array<{ pacticipant: string; version: string }> {
  const { units } = buildUnits(facts, query);
  return units.flatMap((u) => u.versions.map((version) => ({ pacticipant: u.name, version })));
}

/**
 * Every (consumer version, provider version) pair whose evidence the analysis may read for this query (the
 * set analysis may reach any unit through "needs", so this covers every unit's current, target and released
 * versions). Pairs of ignored pacticipants are included: they are reported, with their verdicts, as ignored.
 */
export function requiredPairs(world: Omit<RollbackWorld, 'evidence'>, query: ModelQuery = {}): PairKey[] {
  const { units, byName } = buildUnits(world, query);
  const model = { units };
  const out: PairKey[] = [];
  for (const integ of findIntegrations(units, byName, indexPacts(world.pacts))) {
    const c = units[integ.consumer];
    const p = units[integ.provider];
    const seen = new Set<number>();
    // The four states together visit every combination of the consumer's and provider's versions in play.
    for (const [a, b] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      visitPairs(model, integ, a, b, (cv, pv) => {
        const k = cv * p.versions.length + pv;
        if (seen.has(k)) return;
        seen.add(k);
        out.push({ consumer: c.name, consumerVersion: c.versions[cv], provider: p.name, providerVersion: p.versions[pv] });
      });
    }
  }
  return out;
}
