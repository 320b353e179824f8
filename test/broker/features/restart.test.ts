import assert from 'node:assert/strict';
import { aPact, base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker } from '../../support/test-broker.ts';

const openapi = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

for (const adapter of adapters()) {
  describe(`Restart [${adapter}]`, () => {
    it('finds every pact, document, environment and deployment again after a restart on the same database', async () => {
      const first = await startTestBroker({ adapter });
      const { api } = first;
      const pact = aPact('web', 'orders').withInteraction().build();
      await api.post('/contracts/publish', {
        pacticipantName: 'web',
        pacticipantVersionNumber: '1.0.0',
        branch: 'main',
        contracts: [
          {
            consumerName: 'web',
            providerName: 'orders',
            specification: 'pact',
            contentType: 'application/json',
            content: base64(pact),
          },
        ],
      });
      const published = await api.post('/provider-contracts/provider/orders/publish', {
        pacticipantVersionNumber: '2.0.0',
        branch: 'main',
        contract: {
          content: base64(openapi),
          contentType: 'application/json',
          specification: 'oas',
          selfVerificationResults: {
            success: true,
            content: base64('ok'),
            contentType: 'text/plain',
            format: 'text',
            verifier: 'test',
          },
        },
      });
      assert.equal(published.status, 200, published.text);
      const env = await api.post('/environments', { name: 'production', production: true });
      assert.equal(
        (await api.post(`/pacticipants/orders/versions/2.0.0/deployed-versions/environment/${env.body.uuid}`, {}))
          .status,
        201,
      );
      await first.stop();

      const second = await startTestBroker({ adapter, database: first.database });
      try {
        const again = await second.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
        assert.equal(again.status, 200);
        assert.deepEqual(
          again.body.interactions.map((i: { description: string }) => i.description),
          (pact.interactions as { description: string }[]).map((i) => i.description),
        );
        const doc = await second.api.get('/provider-contracts/provider/orders/version/2.0.0');
        assert.equal(doc.status, 200);
        assert.deepEqual(JSON.parse(doc.body.content), openapi);
        assert.equal(doc.body.selfVerificationResults.success, true);
        const deployed = await second.api.get(`/environments/${env.body.uuid}/deployed-versions/currently-deployed`);
        assert.deepEqual(
          deployed.body._embedded.deployedVersions.map(
            (d: { _embedded: { version: { number: string } } }) => d._embedded.version.number,
          ),
          ['2.0.0'],
        );
      } finally {
        await second.destroy();
      }
    });
  });
}
