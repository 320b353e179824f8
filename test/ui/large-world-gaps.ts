/**
 * A 300-service organisation for the browser tests of issue 19 (evidence gaps, overview), built with the scale
 * issue's organisation builder (bench/gate/synthetic-org.ts `buildRealOrg`) into a fresh test broker: few versions
 * per service so it builds in seconds. Development gets round 5's versions, whose pacts were mostly verified by older
 * provider versions only, so it has unknown pairs; the break rate gives it incompatible ones.
 */
import { buildRealOrg, type RealOrgCounts } from '../../bench/gate/synthetic-org.ts';
import { startTestBroker, type Adapter, type TestBroker } from '../support/test-broker.ts';

export const LARGE_WORLD = { services: 300, rounds: 6, breakRate: 0.2 } as const;

export async function startLargeWorld(
  adapter: Adapter = 'sqlite',
): Promise<{ broker: TestBroker; counts: RealOrgCounts }> {
  const broker = await startTestBroker({ adapter });
  const counts = await buildRealOrg(broker.deps.store, {
    services: LARGE_WORLD.services,
    versions: LARGE_WORLD.services * LARGE_WORLD.rounds,
    breakRate: LARGE_WORLD.breakRate,
  });
  return { broker, counts };
}
