/**
 * Error bodies are `application/hal+json`, as the Pact Broker sends them (issue 14): the real clients still print
 * what they say. The `pact-broker` CLI (pact-cli 18) and the pact-js Verifier run against a broker in this process.
 */
import assert from 'node:assert/strict';
import { Verifier } from '@pact-foundation/pact';
import { aPact } from '../support/pact-builder.ts';
import { pactBroker } from '../support/pact-broker-cli.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

describe('error bodies as application/hal+json, read by the real clients', function () {
  this.timeout(120_000);
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker();
    assert.equal((await b.api.post('/environments', { name: 'production', production: true })).status, 201);
    const pact = aPact('web', 'orders').withInteraction({}).build();
    assert.equal((await b.api.put('/pacts/provider/orders/consumer/web/version/1', pact)).status, 201);
  });
  after(() => b?.destroy());

  it('a 400 and a 404 are HAL JSON with their errors; the matrix lists the names it does not know', async () => {
    const invalid = await b.api.post('/webhooks', { events: [{ name: 'contract_published' }], request: {} });
    assert.equal(invalid.status, 400);
    assert.match(invalid.headers.get('content-type') ?? '', /^application\/hal\+json/);
    assert.ok(Array.isArray(invalid.body.errors['request.url']), invalid.text);

    const missing = await b.api.get('/pacticipants/nobody');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^application\/hal\+json/);

    const matrix = await b.api.get('/matrix?q[][pacticipant]=Wiffle&q[][version]=1&q[][pacticipant]=web&latestby=cvpv');
    assert.equal(matrix.status, 400);
    assert.match(matrix.headers.get('content-type') ?? '', /^application\/hal\+json/);
    assert.deepEqual(matrix.body.errors, ['Pacticipant Wiffle not found']);
  });

  it('pact-broker can-i-deploy prints the listed errors of an unknown pacticipant', async () => {
    const r = await pactBroker(
      ['can-i-deploy', '--pacticipant', 'nobody', '--version', '1', '--to-environment', 'production'],
      b.url,
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /Pacticipant nobody not found/);
  });

  it('pact-broker create-webhook prints the field error for a consumer that does not exist, and stores nothing', async () => {
    const byBody = await pactBroker(
      ['create-webhook', 'https://example.org/hook', '--consumer', 'nobody', '--contract-published'],
      b.url,
    );
    assert.equal(byBody.code, 1);
    assert.match(byBody.stdout + byBody.stderr, /consumer\.name: does not match an existing pacticipant/);
    const byPath = await pactBroker(
      [
        'create-webhook',
        'https://example.org/hook',
        '--consumer',
        'nobody',
        '--provider',
        'orders',
        '--contract-published',
      ],
      b.url,
    );
    assert.equal(byPath.code, 1);
    assert.match(byPath.stdout + byPath.stderr, /404/);
    assert.equal((await b.api.get('/webhooks')).body._embedded.webhooks.length, 0);
  });

  it('the pact-js Verifier prints the validation error of its consumer version selectors', async () => {
    const failure = await new Verifier({
      provider: 'orders',
      providerBaseUrl: 'http://127.0.0.1:1',
      pactBrokerUrl: b.url,
      providerVersion: '2',
      consumerVersionSelectors: [{ deployed: true, environment: 'nowhere' }],
      logLevel: 'error',
    })
      .verifyProvider()
      .then(
        () => assert.fail('the selectors name an environment that does not exist'),
        (e: Error) => e.message,
      );
    assert.match(failure, /Environment nowhere not found/);
  });
});
