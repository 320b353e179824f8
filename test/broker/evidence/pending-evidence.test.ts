import assert from 'node:assert/strict';
import { gatherRollbackWorld } from '../../../broker/src/domain/rollback/gather.ts';
import { SUBSUME_JOB } from '../../../broker/src/domain/evidence/precompute.ts';
import { claim, enqueue, fail } from '../../../broker/src/queue/index.ts';
import { all } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/**
 * Evidence still being computed shows as pending with its own reason id (issue 15): a subsumption check under
 * way is `subsumption-pending`, never "no evidence"; once nothing is queued for it, it is no longer pending.
 */
for (const adapter of adapters()) {
  describe(`pending subsumption evidence (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    // No evidence worker: the check stays queued until the test settles it.
    beforeEach(async () => (b = await startTestBroker({ adapter, config: { precompute: false } })));
    afterEach(async () => b.destroy());

    const reasonsOf = async (consumerVersion: string, providerVersion: string) => {
      const world = await b.deps.store.read(() => gatherRollbackWorld({ environment: 'production' }));
      const pair = world.evidence.find(
        (e) => e.consumerVersion === consumerVersion && e.providerVersion === providerVersion,
      );
      assert.ok(pair, `pair web ${consumerVersion} / orders ${providerVersion}`);
      return { verdict: pair.verdict, ids: pair.reasons.map((r) => r.id) };
    };

    it('says subsumption-pending while the check that could prove the pair is queued or running, then not', async () => {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders', pact: (b) => b.withGets('/a') })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: (b) => b.withGets('/a', '/b') })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      assert.deepEqual(await reasonsOf('1', '2'), { verdict: 'unknown', ids: ['no-evidence'] }, 'nothing queued');

      const [a, x] = await b.deps.store.read(() => all<{ id: number }>('SELECT id FROM pact_versions ORDER BY id'));
      await b.deps.store.write(() =>
        enqueue(SUBSUME_JOB, `${a!.id}:${x!.id}`, { pactVersionId: a!.id, byPactVersionId: x!.id }),
      );
      assert.deepEqual(await reasonsOf('1', '2'), { verdict: 'unknown', ids: ['subsumption-pending'] }, 'queued');
      const [job] = await b.deps.store.write(() => claim(SUBSUME_JOB, 'test', 60_000, 1));
      assert.deepEqual(await reasonsOf('1', '2'), { verdict: 'unknown', ids: ['subsumption-pending'] }, 'running');
      await b.deps.store.write(() => fail(job!, new Error('gave up'), null));
      assert.deepEqual(
        await reasonsOf('1', '2'),
        { verdict: 'unknown', ids: ['no-evidence'] },
        'failed: nothing queued',
      );
    });

    it('is not pending when the pact the check compares with was not verified by that provider version', async () => {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders', pact: (b) => b.withGets('/a') })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: (b) => b.withGets('/a', '/b') })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: false })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      const [a, x] = await b.deps.store.read(() => all<{ id: number }>('SELECT id FROM pact_versions ORDER BY id'));
      await b.deps.store.write(() =>
        enqueue(SUBSUME_JOB, `${a!.id}:${x!.id}`, { pactVersionId: a!.id, byPactVersionId: x!.id }),
      );
      assert.deepEqual(await reasonsOf('1', '2'), { verdict: 'unknown', ids: ['no-evidence'] });
    });
  });
}
