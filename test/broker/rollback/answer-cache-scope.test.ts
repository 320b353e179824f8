import assert from 'node:assert/strict';
import { answerCanIRollback } from '../../../broker/src/domain/rollback/answer.ts';
import { requeue } from '../../../broker/src/queue/index.ts';
import { all } from '../../../broker/src/storage/sql.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/**
 * Cached answers are per environment and stay valid across unrelated writes (issue 15): a write invalidates
 * only the environments whose answer it can change. A cached answer is served as the very same object, so
 * `===` tells a cached answer from a recomputed one.
 */
for (const adapter of adapters()) {
  describe(`can-i-rollback answers cached per environment (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b.destroy());

    const ask = (environment: string) => answerCanIRollback(b.deps.store, { environment, targets: [], ignore: [] });

    /** production and staging each run web and orders, verified, with a prior version of each. */
    async function world(precompute: boolean) {
      b = await startTestBroker({ adapter, config: { precompute } });
      let td = b.td.environment('production').environment('staging');
      for (const env of ['production', 'staging'])
        for (const v of env === 'production' ? ['1', '2'] : ['3', '4'])
          td = td
            .publishPact({ consumer: 'web', version: v, provider: 'orders' })
            .verify({ consumer: 'web', version: v, provider: 'orders', providerVersion: v, success: true })
            .deploy({ pacticipant: 'orders', version: v, environment: env })
            .deploy({ pacticipant: 'web', version: v, environment: env });
      await td;
    }

    it("a write to staging leaves production's cached answer valid and staging's invalid", async () => {
      await world(false);
      const production = await ask('production');
      const staging = await ask('staging');
      assert.equal(await ask('production'), production, 'cached');
      assert.equal(await ask('staging'), staging, 'cached');

      // A deployment to staging.
      await b.td
        .publishPact({ consumer: 'web', version: '5', provider: 'orders' })
        .deploy({ pacticipant: 'web', version: '5', environment: 'staging' });
      assert.equal(await ask('production'), production, 'production is unchanged by a deployment to staging');
      const staging2 = await ask('staging');
      assert.notEqual(staging2, staging, "staging's answer is recomputed");
      assert.notDeepEqual(staging2, staging);

      // A verification by a provider version live only in staging.
      await b.td.verify({ consumer: 'web', version: '5', provider: 'orders', providerVersion: '4', success: false });
      assert.equal(await ask('production'), production);
      const staging3 = await ask('staging');
      assert.notEqual(staging3, staging2);

      // A pact and a verification of versions deployed nowhere change no answer.
      await b.td
        .publishPact({ consumer: 'web', version: '6', provider: 'orders' })
        .verify({ consumer: 'web', version: '6', provider: 'orders', providerVersion: '6', success: true });
      assert.equal(await ask('production'), production);
      assert.equal(await ask('staging'), staging3);

      // Ending a deployment in production invalidates production only.
      await b.td.undeploy({ pacticipant: 'web', environment: 'production' });
      const production2 = await ask('production');
      assert.notEqual(production2, production);
      assert.equal(await ask('staging'), staging3);

      // A write that says nothing of its scope (a tag here) invalidates every environment's answer, as before.
      await b.td.version({ pacticipant: 'web', version: '2', tags: ['prod'] });
      assert.notEqual(await ask('production'), production2);
      assert.notEqual(await ask('staging'), staging3);
    });

    it('evidence stored for a pact content no version deployed there publishes leaves the answer cached', async () => {
      await world(true);
      await b.td.providerContract({ provider: 'orders', version: '2', document: openapi(), success: true });
      await settleEvidence(b.deps.store);
      const production = await ask('production');
      const compared = async () =>
        (await b.deps.store.read(() => all<{ n: number }>('SELECT COUNT(*) AS n FROM comparisons')))[0]!.n;
      const before = Number(await compared());
      // A new content from a consumer version deployed nowhere: compared with production's document in the background.
      await b.td.publishPact({
        consumer: 'web',
        version: '7',
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: '/orders/7/lines' }),
      });
      await settleEvidence(b.deps.store);
      assert.ok(Number(await compared()) > before, "the new content was compared with production's document");
      assert.equal(await ask('production'), production, 'still cached: no version in production publishes it');
      // Deployed, the same content changes production's answer.
      await b.td.deploy({ pacticipant: 'web', version: '7', environment: 'production' });
      assert.notEqual(await ask('production'), production);
    });

    it('a subsumption check against a pact verified only by undeployed provider versions leaves the answer cached', async () => {
      await world(true);
      await settleEvidence(b.deps.store);
      const production = await ask('production');
      const checked = async () =>
        Number((await b.deps.store.read(() => all<{ n: number }>('SELECT COUNT(*) AS n FROM subsumptions')))[0]!.n);
      const before = await checked();
      // A new content verified by a provider version deployed nowhere: production's pacts are checked against it.
      await b.td
        .publishPact({
          consumer: 'web',
          version: '9',
          provider: 'orders',
          pact: (p) => p.withInteraction().withInteraction({ path: '/orders/9/lines' }),
        })
        .verify({ consumer: 'web', version: '9', provider: 'orders', providerVersion: '9', success: true });
      await settleEvidence(b.deps.store);
      assert.ok((await checked()) > before, "production's pacts were checked against the new content");
      assert.equal(await ask('production'), production, 'still cached: no provider version in production verified it');
    });

    it('a background job that stores nothing new invalidates nothing', async () => {
      await world(true);
      await b.td.providerContract({ provider: 'orders', version: '2', document: openapi(), success: true });
      await settleEvidence(b.deps.store);
      const production = await ask('production');
      assert.equal(await ask('production'), production, 'cached');
      // Run every finished evidence job again: each finds its answer stored and stores nothing.
      const ids = await b.deps.store.read(() =>
        all<{ id: number }>(`SELECT id FROM jobs WHERE kind IN ('compare', 'subsume') AND status = 'done'`),
      );
      assert.ok(ids.length > 0, 'the document was compared with the pacts');
      await b.deps.store.write(function* () {
        for (const { id } of ids) yield* requeue(id);
      });
      await settleEvidence(b.deps.store);
      assert.equal(await ask('production'), production, 'still cached');
    });
  });
}

function openapi() {
  return {
    openapi: '3.0.3',
    info: { title: 'orders', version: '1' },
    paths: { '/': { get: { responses: { '200': { description: 'ok' } } } } },
  };
}
