/**
 * A large organisation for the browser tests of the pages at scale (issue 19): the scale issue's organisation builder
 * (bench/gate/synthetic-org.ts `buildRealOrg`) written into a test broker's empty store. `services` services with
 * `versions` versions each (released round by round; the development environment is deployed every 5th main
 * version, so 6 or more versions give every service there a current and a prior version), a hub consumed by 67
 * services, five providers per service, about 2% of new pact content failing verification.
 */
import { buildRealOrg, type RealOrgCounts } from '../../bench/gate/synthetic-org.ts';
import type { TestBroker } from '../support/test-broker.ts';

/** The environment in which every service of a world with 6 or more versions each has something to roll back to. */
export const LARGE_WORLD_ENVIRONMENT = 'development';

export async function buildLargeWorld(
  broker: TestBroker,
  shape: { services: number; versions: number },
): Promise<RealOrgCounts> {
  return buildRealOrg(broker.deps.store, { services: shape.services, versions: shape.services * shape.versions });
}
