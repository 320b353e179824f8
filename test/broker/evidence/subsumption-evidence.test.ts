import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { until as waitUntil } from '../../support/wait.ts';
import { settleEvidence } from '../../support/settle.ts';
import { all } from '../../../broker/src/storage/sql.ts';

const until = <T>(what: string, f: () => Promise<T | undefined>) => waitUntil(what, f, { timeoutMs: 20_000 });

/** "The previous pact asked for less than the current one, which the provider verified": evidence without a verification. */
for (const adapter of adapters()) {
  describe(`Subsumption evidence [${adapter}]`, function () {
    this.timeout(40_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    async function world(second: Parameters<TestBroker['td']['publishPact']>[0]['pact']) {
      await b.td
        .environment('production')
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'order 1', path: '/orders/1' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: second })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
    }
    const pairOf = async () => {
      const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=web');
      return {
        body: res.body,
        pair: res.body.pairs.find(
          (p: { consumer: { version: string }; provider: { version: string } }) =>
            p.consumer.version === '1' && p.provider.version === '2',
        ),
      };
    };

    it('proves the prior consumer version compatible when the current pact asks everything the prior one did', async () => {
      await world((p) =>
        p
          .withInteraction({ description: 'order 1', path: '/orders/1' })
          .withInteraction({ description: 'order 2', path: '/orders/2' }),
      );
      const { body, pair } = await until('the subsumption proof', async () => {
        const r = await pairOf();
        return r.pair?.evidence === 'subsumption' ? r : undefined;
      });
      assert.equal(pair.verdict, 'compatible');
      assert.match(pair.reasons[0].message, /asks nothing/);
      assert.equal(body.summary.rollbackable, true);
    });

    it('does not claim it when the prior pact asked for something the current one does not', async () => {
      await world((p) => p.withInteraction({ description: 'order 2', path: '/orders/2' }));
      await settleEvidence(b.deps.store);
      // The check ran and said no (a missing row would mean it never ran).
      const checks = await b.deps.store.read(() => all<{ subsumed: number }>('SELECT subsumed FROM subsumptions'));
      assert.ok(checks.length > 0 && checks.every((c) => Number(c.subsumed) === 0), JSON.stringify(checks));
      const { body, pair } = await pairOf();
      assert.equal(pair.verdict, 'unknown');
      assert.equal(body.summary.rollbackable, false);
    });
  });
}
