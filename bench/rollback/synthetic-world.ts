/**
 * A synthetic environment for the can-i-rollback benchmark: N services, each the consumer of 5 others, three
 * deployed versions each (so every service has a prior), some with two application instances or a released
 * version, and evidence that is mostly compatible with a few chains, lockstep pairs, conflicts, unknown pairs
 * and pre-existing breaks, in proportions like a real organisation's.
 */
import { seededRandom } from '../../test/support/seeded-random.ts';
import { requiredPairs } from '../../broker/src/gate/rollback/index.ts';
import type {
  DeployedUnit,
  EvidenceRow,
  PactRow,
  RollbackWorld,
  Verdict,
} from '../../broker/src/gate/rollback/types.ts';

type Kind = 'ok' | 'needs' | 'lockstep' | 'conflict' | 'unknown' | 'broken';

export function syntheticWorld(services: number, integrationsEach = 5, seed = 42): RollbackWorld {
  const rnd = seededRandom(seed);
  // One string per name, shared by every row that mentions it, as the broker's rows share them (it maps ids to
  // names once): a fresh string per row would make every lookup compare characters and miss the cache.
  const names = Array.from({ length: services }, (_, k) => `svc-${String(k).padStart(5, '0')}`);
  const name = (k: number) => names[k];
  const units: DeployedUnit[] = [];
  for (let k = 0; k < services; k++) {
    const history = ['1.0.3', '1.0.2', '1.0.1'];
    const twoInstances = rnd() < 0.1;
    units.push({
      name: name(k),
      instances: twoInstances
        ? [
            { applicationInstance: 'blue', current: '1.0.3', history },
            { applicationInstance: 'green', current: '1.0.2', history: ['1.0.2', '1.0.1'] },
          ]
        : [{ applicationInstance: null, current: '1.0.3', history }],
      released: rnd() < 0.05 ? ['0.9.0'] : [],
    });
  }
  const pacts: PactRow[] = [];
  const kinds = new Map<string, Kind>();
  for (let c = 0; c < services; c++) {
    const providers = new Set<number>();
    while (providers.size < Math.min(integrationsEach, services - 1)) {
      const p = Math.floor(rnd() * services);
      if (p !== c) providers.add(p);
    }
    for (const p of providers) {
      for (const v of ['1.0.3', '1.0.2', '1.0.1', '0.9.0'])
        pacts.push({ consumer: name(c), consumerVersion: v, provider: name(p) });
      const r = rnd();
      const kind: Kind =
        r < 0.9
          ? 'ok'
          : r < 0.94
            ? 'needs'
            : r < 0.96
              ? 'lockstep'
              : r < 0.97
                ? 'conflict'
                : r < 0.98
                  ? 'unknown'
                  : 'broken';
      kinds.set(`${name(c)}|${name(p)}`, kind);
    }
  }
  // Evidence for exactly the pairs the analysis may read, as the broker would fetch it.
  const evidence: EvidenceRow[] = [];
  for (const pair of requiredPairs({ environment: 'production', units, pacts })) {
    const kind = kinds.get(`${pair.consumer}|${pair.provider}`) ?? 'ok';
    const cOld = pair.consumerVersion < '1.0.3';
    const pOld = pair.providerVersion < '1.0.3';
    let verdict: Verdict = 'compatible';
    if (kind === 'needs' && cOld && !pOld) verdict = 'incompatible';
    if (kind === 'lockstep' && cOld !== pOld) verdict = 'incompatible';
    if (kind === 'conflict' && cOld && pOld) verdict = 'incompatible';
    if (kind === 'broken' && !cOld && !pOld) verdict = 'incompatible';
    if (kind === 'unknown' && cOld) continue; // no evidence at all for the older consumer versions
    // One literal per row, as the broker's gathering builds them (broker/src/domain/rollback/gather.ts).
    const { consumer, consumerVersion, provider, providerVersion } = pair;
    evidence.push({
      consumer,
      consumerVersion,
      provider,
      providerVersion,
      verdict,
      evidence: 'verification',
      reasons: [],
    });
  }
  return { environment: 'production', units, pacts, evidence };
}
