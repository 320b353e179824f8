/**
 * The real `pact-broker` CLI (pact-cli 18, Rust) against rollgate's webhook API: create-webhook,
 * create-or-update-webhook, test-webhook and delete-webhook. Asserts on broker state and on what the
 * receiver got, not only on exit codes.
 */
import assert from 'node:assert/strict';
import { pactBroker } from '../support/pact-broker-cli.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { WEBHOOK_TEST_CONFIG, startReceiver } from './support.ts';

const cli = pactBroker;

describe('webhooks with the real pact-broker CLI', function () {
  this.timeout(60_000);
  let b: TestBroker;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    rx = await startReceiver();
    b = await startTestBroker({ config: WEBHOOK_TEST_CONFIG });
    await b.td.publishPact({ consumer: 'web', version: '1.0.0', provider: 'orders', branch: 'main' });
  });
  after(async () => {
    await b.destroy();
    await rx.close();
  });

  it('create-webhook (consumer and provider), test-webhook and delete-webhook', async () => {
    const created = await cli(
      [
        'create-webhook',
        `${rx.url}/build`,
        '-X',
        'POST',
        '-H',
        'Content-Type: application/json',
        'Authorization: Bearer cli-secret-value',
        '-d',
        '{"pact":"${pactbroker.pactUrl}","consumer":"${pactbroker.consumerName}"}',
        '--user',
        'ci:cli-password',
        '--consumer',
        'web',
        '--provider',
        'orders',
        '--description',
        'trigger orders build',
        '--contract-content-changed',
        '--contract-requiring-verification-published',
      ],
      b.url,
    );
    assert.equal(created.code, 0, created.stderr + created.stdout);
    const list = (await b.api.get('/webhooks')).body._embedded.webhooks;
    assert.equal(list.length, 1);
    const w = list[0];
    assert.equal(w.description, 'trigger orders build');
    assert.deepEqual([w.consumer.name, w.provider.name], ['web', 'orders']);
    assert.deepEqual(w.events.map((e: any) => e.name).sort(), [
      'contract_content_changed',
      'contract_requiring_verification_published',
    ]);
    // The broker runs open: every caller is an admin and sees the stored secrets (the others see them redacted:
    // test/security/webhook-secrets.test.ts).
    assert.equal(w.request.headers.Authorization, 'Bearer cli-secret-value');
    assert.equal(w.request.password, 'cli-password');

    const tested = await cli(['test-webhook', '--uuid', w.uuid], b.url);
    assert.equal(tested.code, 0, tested.stderr + tested.stdout);
    assert.equal(rx.received.length, 1);
    assert.deepEqual(rx.received[0].json, {
      pact: `${b.url}/pacts/provider/orders/consumer/web/version/1.0.0`,
      consumer: 'web',
    });
    assert.equal(rx.received[0].headers.authorization, `Basic ${Buffer.from('ci:cli-password').toString('base64')}`);
    assert.ok(
      !tested.stdout.includes('cli-password') &&
        !tested.stdout.includes(Buffer.from('ci:cli-password').toString('base64')),
    );
    const execs = (await b.api.get(`/webhooks/${w.uuid}/executions`)).body._embedded.triggeredWebhooks;
    assert.equal(execs[0].triggerType, 'test');
    assert.equal(execs[0].status, 'success');

    const deleted = await cli(['delete-webhook', '--uuid', w.uuid], b.url);
    assert.equal(deleted.code, 0, deleted.stderr + deleted.stdout);
    assert.equal((await b.api.get(`/webhooks/${w.uuid}`)).status, 404);
  });

  it('create-or-update-webhook creates with a chosen uuid, then updates it', async () => {
    const uuid = 'b7a1c2d3-0000-4000-8000-00000000abcd';
    const first = await cli(
      [
        'create-or-update-webhook',
        `${rx.url}/a`,
        '--uuid',
        uuid,
        '-X',
        'POST',
        '--provider',
        'orders',
        '--provider-verification-published',
      ],
      b.url,
    );
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.equal((await b.api.get(`/webhooks/${uuid}`)).body.request.url, `${rx.url}/a`);
    const second = await cli(
      [
        'create-or-update-webhook',
        `${rx.url}/b`,
        '--uuid',
        uuid,
        '-X',
        'POST',
        '--provider',
        'orders',
        '--provider-verification-failed',
        '--description',
        'failures',
      ],
      b.url,
    );
    assert.equal(second.code, 0, second.stderr + second.stdout);
    const w = (await b.api.get(`/webhooks/${uuid}`)).body;
    assert.equal(w.request.url, `${rx.url}/b`);
    assert.deepEqual(w.events, [{ name: 'provider_verification_failed' }]);
    assert.equal(w.description, 'failures');
    // Without -X the CLI sends method null: POST, as the Pact Broker.
    const noMethod = await cli(['create-webhook', `${rx.url}/c`, '--consumer', 'web', '--contract-published'], b.url);
    assert.equal(noMethod.code, 0, noMethod.stderr + noMethod.stdout);
    const refused = await cli(
      ['create-webhook', 'http://10.9.9.9/x', '--consumer', 'web', '--contract-published'],
      b.url,
    );
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /allow-list/);
  });
});
