import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`Pact listings [${adapter}]`, () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders', branch: 'main', tags: ['prod'] })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          branch: 'feat',
          pact: (p) => p.withInteraction({ path: '/two' }),
        })
        .publishPact({ consumer: 'app', version: '9', provider: 'orders', branch: 'main' });
    });
    after(async () => b.destroy());

    const versions = (body: { _embedded: { pacts: { consumer: { name: string; version: { number: string } } }[] } }) =>
      body._embedded.pacts.map((p) => `${p.consumer.name}@${p.consumer.version.number}`).sort();

    it('lists the latest pact of each consumer of a provider', async () => {
      const res = await b.api.get('/pacts/provider/orders/latest');
      assert.equal(res.status, 200);
      assert.deepEqual(versions(res.body), ['app@9', 'web@2']);
      assert.equal(res.body._links['pb:pacts'].length, 2);
    });

    it('filters by consumer version tag, branch and main branch', async () => {
      assert.deepEqual(versions((await b.api.get('/pacts/provider/orders/latest/prod')).body), ['web@1']);
      assert.deepEqual(versions((await b.api.get('/pacts/provider/orders/branch/feat')).body), ['web@2']);
      assert.deepEqual(versions((await b.api.get('/pacts/provider/orders/branch')).body), ['app@9', 'web@1']);
    });

    it("lists every version of one consumer's pact, and the latest verification result", async () => {
      assert.deepEqual(versions((await b.api.get('/pacts/provider/orders/consumer/web/versions')).body), [
        'web@1',
        'web@2',
      ]);
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1');
      assert.equal(
        (await b.api.get(new URL(pact.body._links['pb:latest-verification-results'].href).pathname)).status,
        404,
      );
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '5', success: true });
      const latest = await b.api.get(new URL(pact.body._links['pb:latest-verification-results'].href).pathname);
      assert.equal(latest.status, 200);
      assert.equal(latest.body.providerApplicationVersion, '5');
    });

    it('answers 404 for an unknown provider', async () => {
      assert.equal((await b.api.get('/pacts/provider/ghost/latest')).status, 404);
    });
  });
}
