/**
 * A broker over the scale issue's organisation (bench/gate/synthetic-org.ts `buildRealOrg`: a hub consumed by 67
 * services, five providers each, main plus feature branches, three environments), built straight into a fresh
 * database and then served: the world the pacticipant and matrix pages are tried on (issue 19).
 */
import { buildRealOrg, type RealOrgCounts, type RealOrgShape } from '../../bench/gate/synthetic-org.ts';
import { appendEvent } from '../../broker/src/repositories/outbox.ts';
import { openStore } from '../../broker/src/storage/open-store.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { settleEvidence } from '../support/settle.ts';
import { freshDatabaseLocation, startTestBroker, type Adapter, type TestBroker } from '../support/test-broker.ts';

/** 300 services, 40 versions each: every integration has more than 30 consumer versions with a pact; the hub alone
 * publishes OpenAPI documents (its consumers' pairs get static evidence without 60 other providers' comparisons). */
export const LARGE_WORLD: RealOrgShape = { services: 300, versions: 300 * 40, openApiEvery: 300 };

export async function startLargeWorld(
  adapter: Adapter,
  shape: RealOrgShape = LARGE_WORLD,
): Promise<{ broker: TestBroker; counts: RealOrgCounts }> {
  const fresh = await freshDatabaseLocation(adapter);
  const store = await openStore(fresh.location);
  let counts: RealOrgCounts;
  try {
    counts = await buildRealOrg(store, shape);
  } finally {
    await store.close();
  }
  const broker = await startTestBroker({ database: fresh.location });
  // The builder writes rows, not events: one deployment event per environment has the broker's own evidence
  // planner queue the comparisons of the pacts in play there against the OpenAPI documents, as a live broker would.
  await broker.deps.store.write(function* () {
    const live = yield* all<{ pacticipant_id: number; version_id: number; environment_id: number; uuid: string }>(
      `SELECT pacticipant_id, version_id, environment_id, uuid FROM deployed_versions
       WHERE id IN (SELECT MAX(id) FROM deployed_versions WHERE undeployed_at IS NULL GROUP BY environment_id)`,
    );
    for (const d of live)
      yield* appendEvent(
        'deploymentRecorded',
        {
          pacticipantId: d.pacticipant_id,
          versionId: d.version_id,
          environmentId: d.environment_id,
          applicationInstance: '',
          deployedVersionUuid: d.uuid,
        },
        { principal: 'large-world', principalKind: 'test' },
      );
  });
  await settleEvidence(broker.deps.store, 600_000);
  return {
    broker: {
      ...broker,
      async destroy() {
        await broker.close();
        await fresh.drop();
      },
    },
    counts,
  };
}
