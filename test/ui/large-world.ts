/**
 * A large organisation for the browser tests of the pages at scale (issue 19): the scale issue's organisation builder
 * (bench/gate/synthetic-org.ts `buildRealOrg`) written into a test broker's empty store. `services` services with
 * `versions` versions each (released round by round; the development environment is deployed every 5th main
 * version, so 6 or more versions give every service there a current and a prior version), a hub consumed by 67
 * services, five providers per service, about 2% of new pact content failing verification.
 */
import { buildRealOrg, type RealOrgCounts } from '../../bench/gate/synthetic-org.ts';
import { startTestBroker, type Adapter, type TestBroker } from '../support/test-broker.ts';

/** The environment in which every service of a world with 6 or more versions each has something to roll back to. */
export const LARGE_WORLD_ENVIRONMENT = 'development';

/** Builds `services` services with `versions` versions each (and the builder's break rate) into the broker's store. */
export async function buildLargeWorld(
  broker: TestBroker,
  shape: { services: number; versions: number; breakRate?: number },
): Promise<RealOrgCounts> {
  return buildRealOrg(broker.deps.store, {
    services: shape.services,
    versions: shape.services * shape.versions,
    ...(shape.breakRate === undefined ? {} : { breakRate: shape.breakRate }),
  });
}

/**
 * The overview's and the evidence gaps' world: 300 services, 6 versions each. Development gets round 5's versions, whose
 * pacts were mostly verified by older provider versions only, so it has unknown pairs; the break rate gives it
 * incompatible ones.
 */
export const GAPS_WORLD = { services: 300, versions: 6, breakRate: 0.2 } as const;

/** A fresh test broker holding the GAPS_WORLD organisation. */
export async function startLargeWorld(
  adapter: Adapter = 'sqlite',
): Promise<{ broker: TestBroker; counts: RealOrgCounts }> {
  const broker = await startTestBroker({ adapter });
  return { broker, counts: await buildLargeWorld(broker, GAPS_WORLD) };
}
