/**
 * Rollback readiness, provider side, end to end (issue 10): a test "provider pipeline" receives
 * contract_requiring_verification_published webhooks and runs the real pact-js Verifier for the pact URL
 * and provider version it is given, publishing the result. Afterwards can-i-rollback for rolling back the
 * provider answers from verification evidence instead of unknown. Once for a new pact (the webhook also
 * names the provider's prior deployed version) and once for a recorded deployment.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Verifier } from '@pact-foundation/pact';
import type { BrokerConfig } from '../../broker/src/config.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { WEBHOOK_TEST_CONFIG, backgroundSettled, eventually, startReceiver, type Received } from './support.ts';

/** A tiny orders provider: GET /orders/{n} answers {id: n, status: "NEW"} (what the default test pact expects). */
function startProvider(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const m = /^\/orders\/(\d+)$/.exec(req.url ?? '');
      res.writeHead(m ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(m ? { id: Number(m[1]), status: 'NEW' } : { error: 'not found' }));
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((c) => server.close(() => c())),
      }),
    ),
  );
}

describe('rollback readiness end to end (real pact-js Verifier driven by webhooks)', function () {
  this.timeout(120_000);
  let b: TestBroker;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let provider: Awaited<ReturnType<typeof startProvider>>;

  before(async () => {
    provider = await startProvider();
  });
  after(async () => {
    await provider.close();
  });
  afterEach(async () => {
    await b?.destroy();
    await rx?.close();
  });

  /** The provider pipeline: for one webhook, check out `providerVersion` (here: the same tiny provider) and verify `pactUrl`. */
  async function pipeline(job: Received): Promise<void> {
    await new Verifier({
      provider: 'orders',
      providerBaseUrl: provider.url,
      logLevel: 'error',
      pactUrls: [job.json.pactUrl],
      providerVersion: job.json.providerVersion,
      publishVerificationResult: true,
    } as ConstructorParameters<typeof Verifier>[0]).verifyProvider();
  }

  async function setUp(config: Partial<BrokerConfig>) {
    rx = await startReceiver();
    b = await startTestBroker({ config: { ...WEBHOOK_TEST_CONFIG, ...config } });
    // orders 1.0.0 then 2.0.0 deployed (prior 1.0.0, current 2.0.0); web 1.0.0 deployed and verified by both.
    await b.td
      .environment('production')
      .publishPact({ consumer: 'web', version: '1.0.0', provider: 'orders' })
      .verify({ consumer: 'web', version: '1.0.0', provider: 'orders', providerVersion: '1.0.0', success: true })
      .verify({ consumer: 'web', version: '1.0.0', provider: 'orders', providerVersion: '2.0.0', success: true })
      .deploy({ pacticipant: 'orders', version: '1.0.0', environment: 'production' })
      .deploy({ pacticipant: 'orders', version: '2.0.0', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '1.0.0', environment: 'production' });
    const w = await b.api.post('/webhooks', {
      description: 'orders pipeline',
      provider: { name: 'orders' },
      events: [{ name: 'contract_requiring_verification_published' }],
      request: {
        method: 'POST',
        url: `${rx.url}/pipeline`,
        body: { pactUrl: '${pactbroker.pactUrl}', providerVersion: '${pactbroker.providerVersionNumber}' },
      },
    });
    assert.equal(w.status, 201, w.text);
  }

  const rollbackOrders = async () => {
    const r = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const pairOf = (answer: any, consumerVersion: string, providerVersion: string) =>
    answer.pairs.find((p: any) => p.consumer.version === consumerVersion && p.provider.version === providerVersion);
  /** A second pact content for web 1.1.0 (two interactions). */
  const newPact = (p: any) => p.withInteraction().withInteraction();

  it('a new pact is verified against the prior deployed provider version too', async () => {
    await setUp({ deploymentReadiness: false });
    await b.td.publishPact({ consumer: 'web', version: '1.1.0', provider: 'orders', pact: newPact });
    await rx.waitFor(2);
    await backgroundSettled(b.deps.store);
    assert.deepEqual(rx.received.map((r) => r.json.providerVersion).sort(), ['1.0.0', '2.0.0']);
    assert.ok(rx.received.every((r) => r.json.pactUrl === `${b.url}/pacts/provider/orders/consumer/web/version/1.1.0`));
    await b.td.deploy({ pacticipant: 'web', version: '1.1.0', environment: 'production' });

    const before = pairOf(await rollbackOrders(), '1.1.0', '1.0.0');
    assert.equal(before.verdict, 'unknown');
    assert.equal(before.evidence, 'none');
    assert.match(before.verificationRequestedAt, /^\d{4}-\d\d-\d\dT/);

    for (const job of rx.received) await pipeline(job);
    const after = await rollbackOrders();
    const pair = pairOf(after, '1.1.0', '1.0.0');
    assert.equal(pair.verdict, 'compatible', JSON.stringify(pair));
    assert.equal(pair.evidence, 'verification');
    assert.equal(pair.verificationRequestedAt, undefined);
    assert.equal(after.summary.rollbackable, true, after.summary.reason);
  });

  it('a recorded deployment requests the verifications its rollback pairs lack', async () => {
    await setUp({ webhookPriorVersions: false, deploymentReadiness: true });
    await b.td.publishPact({ consumer: 'web', version: '1.1.0', provider: 'orders', pact: newPact });
    // The Pact Broker's webhook: only the deployed provider version (no main branch, prior versions off).
    await rx.waitFor(1);
    await backgroundSettled(b.deps.store);
    assert.deepEqual(
      rx.received.map((r) => r.json.providerVersion),
      ['2.0.0'],
    );
    await pipeline(rx.received[0]);

    await b.td.deploy({ pacticipant: 'web', version: '1.1.0', environment: 'production' });
    // Rolling orders back would pair web 1.1.0 with orders 1.0.0, which nothing verified: requested.
    await rx.waitFor(2);
    const request = rx.received[1].json;
    assert.equal(request.providerVersion, '1.0.0');
    assert.equal(request.pactUrl, `${b.url}/pacts/provider/orders/consumer/web/version/1.1.0`);
    const before = pairOf(await rollbackOrders(), '1.1.0', '1.0.0');
    assert.equal(before.verdict, 'unknown');
    assert.ok(before.verificationRequestedAt);

    await pipeline(rx.received[1]);
    const after = await eventually(async () => {
      const a = await rollbackOrders();
      return pairOf(a, '1.1.0', '1.0.0').evidence === 'verification' ? a : undefined;
    });
    assert.equal(pairOf(after, '1.1.0', '1.0.0').verdict, 'compatible');
    assert.equal(after.summary.rollbackable, true, after.summary.reason);
    // Nothing else lacked evidence: exactly one readiness request.
    await backgroundSettled(b.deps.store);
    assert.equal(rx.received.length, 2);
  });
});
