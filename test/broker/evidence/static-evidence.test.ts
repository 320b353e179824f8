import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { until as waitUntil } from '../../support/wait.ts';

const doc = (name: string) =>
  readFileSync(new URL(`../../../fixtures/openapi/orders/${name}`, import.meta.url), 'utf8');

const until = <T>(what: string, f: () => Promise<T | undefined>) => waitUntil(what, f, { timeoutMs: 30_000 });

/** Pact-vs-OpenAPI verdicts computed at write time and used as evidence when no verification exists. */
for (const adapter of adapters()) {
  describe(`Static OpenAPI evidence [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b?.destroy());

    /**
     * web@1 with orders@1, then web@2 (verified by both orders versions) and orders@2, which publishes
     * the document under test. Rolling web back creates the pair (web@1, orders@2): no verification.
     */
    async function world(document: string, opts: { success?: boolean } = { success: true }) {
      await b.td
        .environment('production')
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ path: '/orders/1' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'order two', path: '/orders/2' }),
        })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
        .providerContract({ provider: 'orders', version: '2', document, success: opts.success })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      const sha = (await b.api.get('/pacts/provider/orders/consumer/web/version/1')).body._links['pb:pact-version']
        .name;
      return `/pacts/provider/orders/consumer/web/pact-version/${sha}/comparison/provider-version/2`;
    }

    const webPair = async () => {
      const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=web');
      return res.body.pairs.find(
        (p: { consumer: { version: string }; provider: { version: string } }) =>
          p.consumer.version === '1' && p.provider.version === '2',
      );
    };

    it('compares a pact with a self-verified document at write time, and the gate uses the verdict', async () => {
      b = await startTestBroker({ adapter });
      const url = await world(doc('orders-v1.yaml'));
      const done = await until('the comparison', async () => {
        const res = await b.api.get(url);
        return res.body.status === 'done' ? res.body : undefined;
      });
      assert.equal(done.result, 'compatible');
      assert.equal(done.engine.name, '@pactflow/openapi-pact-comparator');
      const pair = await webPair();
      assert.equal(pair.verdict, 'compatible');
      assert.equal(pair.evidence, 'openapi');
      const cid = await b.api.get('/can-i-deploy?pacticipant=web&version=1&environment=production');
      assert.equal(cid.body.summary.deployable, true, JSON.stringify(cid.body.summary));
      assert.equal(cid.body.matrix[0].evidence, 'openapi');
      const [reason] = cid.body.matrix[0].reasons;
      assert.equal(reason.id, 'openapi-compatible');
      assert.match(
        reason.text,
        /^Compatible with the provider's OpenAPI document \(/,
        'a static reason reads as its message, not its id',
      );
      assert.match(
        cid.body.summary.reason,
        /compatible \(1 by comparison with the provider's self-verified OpenAPI document\)/,
      );
    });

    it('reports an incompatible document with its findings, and a verification overrides it', async () => {
      b = await startTestBroker({ adapter });
      const url = await world(doc('orders-v2-renamed-status.yaml'));
      const done = await until('the comparison', async () => {
        const res = await b.api.get(url);
        return res.body.status === 'done' ? res.body : undefined;
      });
      assert.equal(done.result, 'incompatible');
      assert.ok(done.findings.some((f: { type: string }) => f.type === 'error'));
      let pair = await webPair();
      assert.equal(pair.verdict, 'incompatible');
      assert.equal(pair.evidence, 'openapi');
      assert.ok(pair.reasons.length > 0);
      const cid = await b.api.get('/can-i-deploy?pacticipant=web&version=1&environment=production');
      assert.equal(cid.body.summary.deployable, false);
      assert.equal(cid.body.summary.failed, 1);
      for (const r of cid.body.matrix[0].reasons) assert.equal(r.text, r.message, JSON.stringify(r));
      assert.match(cid.body.summary.reason, /incompatible with the provider's OpenAPI document/);
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true });
      pair = await webPair();
      assert.deepEqual([pair.verdict, pair.evidence], ['compatible', 'verification']);
    });

    it('lets a failed verification override a compatible static verdict', async () => {
      b = await startTestBroker({ adapter });
      const url = await world(doc('orders-v1.yaml'));
      await until('the comparison', async () => ((await b.api.get(url)).body.status === 'done' ? true : undefined));
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: false });
      const pair = await webPair();
      assert.deepEqual([pair.verdict, pair.evidence], ['incompatible', 'verification']);
    });

    it('does not trust a document whose self-verification failed: unknown, with that reason', async () => {
      b = await startTestBroker({ adapter });
      await world(doc('orders-v1.yaml'), { success: false });
      const pair = await webPair();
      assert.equal(pair.verdict, 'unknown');
      assert.match(JSON.stringify(pair.reasons), /self-verification/);
    });

    it('answers "unknown (being computed)" before the comparison has run, never "yes"', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      const url = await world(doc('orders-v1.yaml'));
      const res = await b.api.get(url);
      // Nothing is queued to compute it (static evidence is off here): the resource says so (issue 16).
      assert.deepEqual([res.body.status, res.body.result], ['not-queued', 'unknown']);
      const pair = await webPair();
      assert.equal(pair.verdict, 'unknown');
      // Nothing is queued (static evidence is off): not "being computed" (issue 16).
      assert.match(JSON.stringify(pair.reasons), /not computed, and no comparison is queued/);
    });
  });
}
