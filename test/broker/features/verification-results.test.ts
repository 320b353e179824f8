import assert from 'node:assert/strict';
import { verificationsOfPactVersions } from '../../../broker/src/repositories/verifications.ts';
import { findPactVersionBySha } from '../../../broker/src/repositories/pacts.ts';
import { findPacticipant } from '../../../broker/src/repositories/pacticipants.ts';
import { aPact } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, pathOf, publish, refused } from './support.ts';

/** What the Rust Verifier (pact-js, pact-go, ...) posts. */
const result = (over: Record<string, unknown> = {}) => ({
  success: true,
  providerApplicationVersion: '2.0.0',
  buildUrl: 'https://ci.example/builds/7',
  verifiedBy: {
    implementation: 'Pact-Rust',
    version: '1.2.0',
    clientLanguage: { testFramework: 'mocha', name: 'TypeScript', version: '5' },
  },
  testResults: [{ interactionId: 'abc', success: true }],
  ...over,
});

for (const adapter of adapters()) {
  describe(`Verification results [${adapter}]`, () => {
    let b: TestBroker;
    let publishUrl: string;
    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      await publish(b, { consumer: 'web', provider: 'orders', version: '1' });
      publishUrl = pathOf(
        hal(await b.api.get('/pacts/provider/orders/consumer/web/version/1'))._links['pb:publish-verification-results']
          .href,
      );
    });
    afterEach(async () => b.destroy());

    it('POST to pb:publish-verification-results answers 201 with a Location that serves the result', async () => {
      const res = await b.api.post(publishUrl, result());
      const body = hal(res, 201);
      assert.equal(res.headers.get('location'), body._links.self.href);
      assert.deepEqual(
        [body.providerName, body.providerApplicationVersion, body.success, body.buildUrl],
        ['orders', '2.0.0', true, 'https://ci.example/builds/7'],
      );
      assert.ok(!Number.isNaN(Date.parse(body.verificationDate)));
      assert.deepEqual(body.testResults, [{ interactionId: 'abc', success: true }]);
      assert.equal(body.verifiedBy.implementation, 'Pact-Rust');
      const got = hal(await b.api.get(pathOf(res.headers.get('location')!)));
      assert.deepEqual(got, body);
      assert.equal(hal(await b.api.get(pathOf(body._links['pb:pact-version'].href))).consumer.name, 'web');
    });

    it('creates the provider version on the fly, and accepts a failure and a blank buildUrl', async () => {
      assert.equal((await b.api.get('/pacticipants/orders/versions/2.0.0')).status, 404);
      hal(await b.api.post(publishUrl, result({ success: false, buildUrl: '' })), 201);
      const v = hal(await b.api.get('/pacticipants/orders/versions/2.0.0'));
      assert.equal(v.number, '2.0.0');
      hal(
        await b.api.post(
          publishUrl,
          result({
            providerApplicationVersion: '2.0.1',
            buildUrl: undefined,
            verifiedBy: undefined,
            testResults: undefined,
          }),
        ),
        201,
      );
    });

    it('belongs to the pact content: consumer versions with identical content share the publish link and the result', async () => {
      await publish(b, { consumer: 'web', provider: 'orders', version: '2' });
      await publish(b, {
        consumer: 'web',
        provider: 'orders',
        version: '3',
        pact: aPact('web', 'orders').withInteraction({ path: '/changed' }).build(),
      });
      const two = hal(await b.api.get('/pacts/provider/orders/consumer/web/version/2'));
      const three = hal(await b.api.get('/pacts/provider/orders/consumer/web/version/3'));
      assert.equal(pathOf(two._links['pb:publish-verification-results'].href), publishUrl);
      assert.notEqual(pathOf(three._links['pb:publish-verification-results'].href), publishUrl);
      hal(await b.api.post(publishUrl, result()), 201);
      const counts = await b.deps.store.read(function* () {
        const c = (yield* findPacticipant('web'))!;
        const p = (yield* findPacticipant('orders'))!;
        const shared = (yield* findPactVersionBySha(c.id, p.id, two._links['pb:pact-version'].name))!;
        const other = (yield* findPactVersionBySha(c.id, p.id, three._links['pb:pact-version'].name))!;
        return [
          (yield* verificationsOfPactVersions([shared.id])).length,
          (yield* verificationsOfPactVersions([other.id])).length,
        ];
      });
      assert.deepEqual(counts, [1, 0]);
    });

    it('is accepted at a pacts-for-verification URL with a metadata segment', async () => {
      const sha = publishUrl.split('/pact-version/')[1].split('/')[0];
      const pact = hal(await b.api.get(`/pacts/provider/orders/consumer/web/pact-version/${sha}/metadata/eyJzIjoxfQ`));
      hal(await b.api.post(pathOf(pact._links['pb:publish-verification-results'].href), result()), 201);
    });

    it('for an unknown pact version, consumer or provider is a 404 that creates no provider version', async () => {
      const sha = publishUrl.split('/pact-version/')[1].split('/')[0];
      for (const url of [
        '/pacts/provider/orders/consumer/web/pact-version/0000000000000000000000000000000000000000/verification-results',
        `/pacts/provider/orders/consumer/nobody/pact-version/${sha}/verification-results`,
        `/pacts/provider/nobody/consumer/web/pact-version/${sha}/verification-results`,
      ])
        await refused(b, 404, () => b.api.post(url, result()));
    });

    it('GET of a result under another pact, or an unknown id, is a 404', async () => {
      await publish(b, {
        consumer: 'web',
        provider: 'orders',
        version: '3',
        pact: aPact('web', 'orders').withInteraction({ path: '/changed' }).build(),
      });
      const other = hal(await b.api.get('/pacts/provider/orders/consumer/web/version/3'))._links['pb:pact-version']
        .name;
      const res = hal(await b.api.post(publishUrl, result()), 201);
      const id = pathOf(res._links.self.href).split('/').pop();
      assert.equal(
        (await b.api.get(`/pacts/provider/orders/consumer/web/pact-version/${other}/verification-results/${id}`))
          .status,
        404,
      );
      assert.equal((await b.api.get(`${publishUrl}/999`)).status, 404);
      assert.equal((await b.api.get(`${publishUrl}/abc`)).status, 404);
    });

    describe('bad input is a 400 that writes nothing (not even the provider version)', () => {
      const cases: [string, unknown, RegExp][] = [
        ['malformed JSON', '{"success": tru', /not valid JSON/],
        ['success as a string', result({ success: 'true' }), /success must be true or false/],
        ['a missing success', result({ success: undefined }), /success/],
        ['a missing provider version', result({ providerApplicationVersion: undefined }), /providerApplicationVersion/],
        [
          'a blank provider version',
          result({ providerApplicationVersion: ' ' }),
          /providerApplicationVersion must not be blank/,
        ],
        ['a buildUrl that is not a URL', result({ buildUrl: 'not a url' }), /buildUrl must be a URL/],
      ];
      for (const [what, body, pattern] of cases) {
        it(what, async () => {
          await refused(b, 400, () => b.api.post(publishUrl, body), pattern);
        });
      }
    });
  });
}
