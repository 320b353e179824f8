/**
 * A verification and a deployment of its provider version elsewhere, committed side by side on PostgreSQL (issue 15):
 * the verification must touch the environment the version is being deployed to, or that environment's cached answers
 * and kept rollback world (domain/rollback/world-memo.ts) never see it. At REPEATABLE READ the two read different
 * snapshots; the version's row makes one wait for the other (repositories/deployments.ts `versionEntersEnvironment`).
 */
import assert from 'node:assert/strict';
import { deploy } from '../../../broker/src/domain/deployments/record.ts';
import { Hooks } from '../../../broker/src/domain/hooks.ts';
import { gatherRollbackWorld } from '../../../broker/src/domain/rollback/gather.ts';
import { findEnvironmentByName } from '../../../broker/src/repositories/environments.ts';
import { findPacticipant } from '../../../broker/src/repositories/pacticipants.ts';
import { findVersion } from '../../../broker/src/repositories/versions.ts';
import { all, run } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters().filter((a) => a === 'postgres')) {
  describe(`a verification beside a deployment of its provider version elsewhere [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b?.destroy());

    it('touches the environment the version is deployed to, whichever commits first', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      await b.td
        .environment('staging')
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'staging' });
      const store = b.deps.store;
      // Production's world read and kept before: orders 1 is not there yet.
      await store.read(() => gatherRollbackWorld({ environment: 'production' }));

      // The deployment of orders 1 to production holds its transaction open a while.
      const deployed = store.write(function* () {
        const orders = (yield* findPacticipant('orders'))!;
        const version = (yield* findVersion(orders.id, '1'))!;
        const env = (yield* findEnvironmentByName('production'))!;
        yield* deploy(new Hooks(), { versionId: version.id, pacticipantId: orders.id, environmentId: env.id }, '');
        yield* run('SELECT pg_sleep(0.5)');
      });
      await new Promise((r) => setTimeout(r, 150));
      // Meanwhile orders 1 verifies web 1 again, failing.
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: false });
      await deployed;

      const [env] = await store.read(() =>
        all<{ id: number }>("SELECT id FROM environments WHERE name = 'production'"),
      );
      const logged = await store.read(() =>
        all<{ detail: string }>('SELECT detail FROM answer_stamp_log WHERE scope = ? ORDER BY id', [`env:${env!.id}`]),
      );
      assert.ok(
        logged.some((l) => l.detail?.startsWith('verification:')),
        `production's log: ${logged.map((l) => l.detail).join(', ')}`,
      );
      const world = await store.read(() => gatherRollbackWorld({ environment: 'production' }));
      const pair = world.evidence.find((e) => e.provider === 'orders' && e.providerVersion === '1');
      assert.equal(pair?.verdict, 'incompatible', JSON.stringify(world.evidence));
    });
  });
}
