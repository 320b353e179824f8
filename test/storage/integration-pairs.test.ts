import assert from 'node:assert/strict';
import { integrationPairs, integrations } from '../../broker/src/repositories/pacts.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

/**
 * The service graph's list of integrations (issue 15) is walked through the index (a seek per pacticipant and per
 * pair) instead of grouping every publication: the same pairs, in the same order, as the grouping query.
 */
for (const adapter of adapters()) {
  describe(`integration pairs by index walk (${adapter})`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter, config: { precompute: false } })));
    afterEach(async () => b.destroy());

    it('lists the pairs the grouping query lists, ordered by consumer then provider', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders' })
        .publishPact({ consumer: 'web', version: '2', provider: 'billing' })
        .publishPact({ consumer: 'mobile', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'orders', version: '7', provider: 'billing' });
      await b.td.environment('production'); // a pacticipant-free write: nothing else to list
      const { walked, grouped } = await b.deps.store.read(function* () {
        return { walked: yield* integrationPairs(), grouped: yield* integrations() };
      });
      assert.equal(walked.length, 4);
      assert.deepEqual(
        walked,
        grouped.map((g) => ({ consumer_id: g.consumer_id, provider_id: g.provider_id })),
      );
    });

    it('is empty without publications', async () => {
      await b.td.environment('production');
      assert.deepEqual(await b.deps.store.read(() => integrationPairs()), []);
    });
  });
}
