/**
 * Rollback safety follows evidence that arrives after the write (issue 21): a provider's OpenAPI document is compared
 * with its consumers' pacts in the background, after the evaluation its publication asked for has run. The
 * comparison's verdict must still reach the watched verdict, or the watch shows "unknown" for a service the gate
 * answers for.
 */
import assert from 'node:assert/strict';
import { base64 } from '../support/pact-builder.ts';
import { publishBody } from '../broker/features/support.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { settleEvidence } from '../support/settle.ts';

const document = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'integer' } } } } },
          },
        },
      },
    },
  },
};

const pact = {
  consumer: { name: 'web' },
  provider: { name: 'orders' },
  interactions: [
    {
      description: 'a list of orders',
      request: { method: 'GET', path: '/orders' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1 } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

for (const adapter of adapters()) {
  describe(`rollback safety after background evidence [${adapter}]`, function () {
    this.timeout(300_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(() => b.destroy());

    const deploy = async (pacticipant: string, version: string) => {
      const env = (await b.api.get('/environments?name=production')).body._embedded.environments[0].uuid;
      assert.ok((await b.api.put(`/pacticipants/${pacticipant}/versions/${version}`, {})).status < 300);
      const res = await b.api.post(
        `/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${env}`,
        {},
      );
      assert.equal(res.status, 201, res.text);
    };
    const publishDocument = async (version: string) => {
      const res = await b.api.post('/provider-contracts/provider/orders/publish', {
        pacticipantVersionNumber: version,
        contract: {
          content: base64(JSON.stringify(document)),
          contentType: 'application/json',
          specification: 'oas',
          selfVerificationResults: { success: true, verifier: 'dredd', verifierVersion: '14' },
        },
      });
      assert.ok(res.status < 300, res.text);
    };
    const watched = async () =>
      Object.fromEntries(
        (await b.api.get('/rollback-safety/environments/production')).body.pacticipants.map(
          (p: { name: string; verdict: string }) => [p.name, p.verdict],
        ),
      );

    it('re-evaluates an environment when a comparison stores its verdict, and then agrees with can-i-rollback', async () => {
      assert.equal((await b.api.post('/environments', { name: 'production', production: true })).status, 201);
      assert.equal(
        (await b.api.post('/contracts/publish', publishBody({ consumer: 'web', provider: 'orders', pact }))).status,
        200,
      );
      await deploy('web', '1.0.0');
      await deploy('orders', '1.0.0');
      await deploy('orders', '2.0.0');
      await settleEvidence(b.deps.store, 120_000);
      // Nothing says whether web 1.0.0 works with orders 1.0.0 yet.
      assert.notEqual((await watched()).orders, 'independent');

      // The documents arrive; their publication asks for an evaluation at once, the comparisons finish later.
      await publishDocument('1.0.0');
      await publishDocument('2.0.0');
      await settleEvidence(b.deps.store, 120_000);

      const gate = await b.api.get('/can-i-rollback?environment=production');
      assert.equal(gate.status, 200, gate.text);
      const verdict = gate.body.pacticipants.find((p: { name: string }) => p.name === 'orders').verdict;
      assert.equal(verdict, 'independent', gate.text);
      assert.equal((await watched()).orders, verdict);
    });
  });
}
