/**
 * Webhooks (issue 10): the API, each event with its template values, durable delivery with retries and
 * backoff (surviving a restart), the egress rules, and secrets kept out of every log and response.
 * A receiver on 127.0.0.1 plays the webhook target.
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { findJob } from '../../broker/src/queue/index.ts';
import {
  ALL_VARIABLES_BODY,
  WEBHOOK_TEST_CONFIG,
  backgroundSettled,
  eventually,
  outboxDrained,
  startReceiver,
} from './support.ts';

for (const adapter of adapters()) {
  describe(`webhooks [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    let rx: Awaited<ReturnType<typeof startReceiver>>;

    beforeEach(async () => {
      rx = await startReceiver();
      b = await startTestBroker({ adapter, config: WEBHOOK_TEST_CONFIG });
    });
    afterEach(async () => {
      await b.destroy();
      await rx.close();
    });

    const hook = (events: string[], extra: Record<string, unknown> = {}, request: Record<string, unknown> = {}) => ({
      description: 'test hook',
      events: events.map((name) => ({ name })),
      request: {
        method: 'POST',
        url: `${rx.url}/hook`,
        headers: { 'Content-Type': 'application/json' },
        body: ALL_VARIABLES_BODY,
        ...request,
      },
      ...extra,
    });

    it('creates, reads, lists, updates and deletes webhooks in the Pact Broker shape', async () => {
      const unknown = await b.api.post('/webhooks', hook(['contract_published'], { consumer: { name: 'web' } }));
      assert.equal(unknown.status, 400, 'a consumer that does not exist is refused, naming the field');
      assert.ok(unknown.body.errors['consumer.name'][0].includes('web'), unknown.text);
      assert.equal((await b.api.post('/pacticipants', { name: 'web' })).status, 201);
      const created = await b.api.post('/webhooks', hook(['contract_published'], { consumer: { name: 'web' } }));
      assert.equal(created.status, 201, created.text);
      const uuid = created.body.uuid;
      assert.ok(created.headers.get('location')?.endsWith(`/webhooks/${uuid}`));
      assert.equal(created.body.enabled, true);
      assert.deepEqual(created.body.events, [{ name: 'contract_published' }]);
      assert.ok(created.body._links['pb:execute'].href.endsWith(`/webhooks/${uuid}/execute`));
      const got = await b.api.get(`/webhooks/${uuid}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.consumer.name, 'web');
      const list = await b.api.get('/webhooks');
      assert.equal(list.body._links['pb:webhooks'].length, 1);
      assert.equal(list.body._embedded.webhooks[0].uuid, uuid);
      const updated = await b.api.put(
        `/webhooks/${uuid}`,
        hook(['contract_published', 'provider_verification_published'], { enabled: false }),
      );
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body.enabled, false);
      assert.equal(updated.body.events.length, 2);
      const putNew = await b.api.put('/webhooks/my-own-uuid', hook(['contract_published']));
      assert.equal(putNew.status, 201);
      assert.equal((await b.api.delete(`/webhooks/${uuid}`)).status, 204);
      assert.equal((await b.api.get(`/webhooks/${uuid}`)).status, 404);
      const bad = await b.api.post('/webhooks', { events: [{ name: 'nope' }], request: { url: `${rx.url}/x` } });
      assert.equal(bad.status, 400);
      assert.ok(JSON.stringify(bad.body).includes('events'));
      assert.equal((await b.api.get('/')).body._links['pb:webhooks'].href, `${b.url}/webhooks`);
    });

    it('fires every event with the right template values', async () => {
      await b.td
        .environment('production')
        .version({ pacticipant: 'orders', version: '1', branch: 'main' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .version({ pacticipant: 'orders', version: '2', branch: 'main' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .version({ pacticipant: 'orders', version: '3', branch: 'main', tags: ['rc'] });
      const all = [
        'contract_published',
        'contract_content_changed',
        'contract_requiring_verification_published',
        'provider_verification_published',
        'provider_verification_succeeded',
        'provider_verification_failed',
      ];
      assert.equal((await b.api.post('/webhooks', hook(all, { provider: { name: 'orders' } }))).status, 201);

      await b.td.publishPact({ consumer: 'web', version: '1.0.0', provider: 'orders', branch: 'main', tags: ['dev'] });
      await rx.waitFor(5);
      const byEvent = (name: string) => rx.received.filter((r) => r.json?.eventName === name).map((r) => r.json);
      const pactUrl = `${b.url}/pacts/provider/orders/consumer/web/version/1.0.0`;
      const [published] = byEvent('contract_published');
      assert.deepEqual(
        { ...published },
        {
          ...published,
          pactUrl,
          consumerName: 'web',
          providerName: 'orders',
          consumerVersionNumber: '1.0.0',
          consumerVersionBranch: 'main',
          consumerVersionTags: 'dev',
          githubVerificationStatus: 'pending',
          bitbucketVerificationStatus: 'INPROGRESS',
          providerVersionNumber: '',
          verificationResultUrl: '',
        },
      );
      assert.equal(byEvent('contract_content_changed').length, 1);
      // Once per provider version that should verify it: the main head, the deployed version and the prior deployed version.
      const requiring = byEvent('contract_requiring_verification_published').sort((x, y) =>
        x.providerVersionNumber.localeCompare(y.providerVersionNumber),
      );
      assert.deepEqual(
        requiring.map((r) => [r.providerVersionNumber, r.providerVersionBranch, r.pactUrl]),
        [
          ['1', 'main', pactUrl],
          ['2', 'main', pactUrl],
          ['3', 'main', pactUrl],
        ],
      );
      assert.match(requiring[0].providerVersionDescriptions, /prior version deployed in production/);
      assert.match(requiring[1].providerVersionDescriptions, /deployed in production/);
      assert.match(requiring[2].providerVersionDescriptions, /latest from main branch/);
      assert.equal(requiring[2].providerVersionTags, 'rc');

      // Same content again: published, not changed.
      await b.td.publishPact({ consumer: 'web', version: '1.0.1', provider: 'orders', branch: 'main' });
      await eventually(async () => byEvent('contract_published').length === 2, 5000, 'second contract_published');
      await backgroundSettled(b.deps.store);
      assert.equal(byEvent('contract_content_changed').length, 1);

      const before = rx.received.length;
      await b.td.verify({ consumer: 'web', version: '1.0.0', provider: 'orders', providerVersion: '3', success: true });
      await rx.waitFor(before + 2);
      const [vp] = byEvent('provider_verification_published');
      const [vs] = byEvent('provider_verification_succeeded');
      assert.equal(vs.providerVersionNumber, '3');
      assert.equal(vs.providerVersionBranch, 'main');
      assert.equal(vs.githubVerificationStatus, 'success');
      assert.match(
        vs.verificationResultUrl,
        new RegExp(`^${b.url}/pacts/provider/orders/consumer/web/pact-version/[0-9a-f]+/verification-results/\\d+$`),
      );
      assert.equal(vp.verificationResultUrl, vs.verificationResultUrl);
      assert.equal((await b.api.get(vs.verificationResultUrl.slice(b.url.length))).status, 200);
      await b.td.verify({
        consumer: 'web',
        version: '1.0.0',
        provider: 'orders',
        providerVersion: '2',
        success: false,
      });
      await rx.waitFor(before + 4);
      const [vf] = byEvent('provider_verification_failed');
      assert.equal(vf.githubVerificationStatus, 'failure');
      assert.equal(vf.providerVersionNumber, '2');
      assert.equal(byEvent('provider_verification_succeeded').length, 1);
    });

    it('filters by consumer and provider, and a disabled webhook fires nothing', async () => {
      for (const name of ['other', 'web', 'orders']) await b.api.post('/pacticipants', { name });
      await b.api.post('/webhooks', hook(['contract_published'], { consumer: { name: 'other' } }));
      await b.api.post('/webhooks', hook(['contract_published'], { enabled: false }));
      const on = await b.api.post(
        '/webhooks',
        hook(['contract_published'], { consumer: { name: 'web' }, provider: { name: 'orders' } }),
      );
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'web', version: '1', provider: 'stock' });
      await rx.waitFor(1);
      await backgroundSettled(b.deps.store);
      assert.equal(rx.received.length, 1);
      assert.equal(rx.received[0].json.providerName, 'orders');
      const ex = await b.api.get(`/webhooks/${on.body.uuid}/executions`);
      assert.equal(ex.body._embedded.triggeredWebhooks.length, 1);
      assert.equal(ex.body._embedded.triggeredWebhooks[0].status, 'success');
    });

    it('fires only for events after the webhook was saved, though the outbox is consumed later', async () => {
      for (const name of ['web', 'orders']) await b.api.post('/pacticipants', { name });
      await b.api.post('/webhooks', hook(['contract_published'], { description: 'saved before' }));
      await b.events.dispatcher.stop(); // the publication's event waits in the outbox
      await b.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      const late = await b.api.post('/webhooks', hook(['contract_published'], { description: 'saved after' }));
      assert.equal(late.status, 201, late.text);
      await b.events.dispatcher.drain();
      await rx.waitFor(1);
      await backgroundSettled(b.deps.store);
      assert.equal(rx.received.length, 1, 'only the webhook saved before the publication fires');
      const ex = await b.api.get(`/webhooks/${late.body.uuid}/executions`);
      assert.equal(ex.body._embedded.triggeredWebhooks.length, 0);
      await b.td.publishPact({
        consumer: 'web',
        version: '2',
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: '/v2' }),
      });
      await b.events.dispatcher.drain();
      await rx.waitFor(3);
      assert.equal(rx.received.length, 3, 'both fire for the next publication');
    });

    it('filters by pacticipant label: fires for a labelled consumer, not for an unlabelled one', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '0', provider: 'orders' })
        .publishPact({ consumer: 'app', version: '0', provider: 'orders' });
      assert.equal((await b.api.put('/pacticipants/web/labels/frontend', {})).status, 201);
      assert.equal((await b.api.put('/pacticipants/web/labels/frontend', {})).status, 200);
      assert.deepEqual(
        (await b.api.get('/pacticipants/label/frontend')).body._embedded.pacticipants.map(
          (p: { name: string }) => p.name,
        ),
        ['web'],
      );
      await b.api.post('/webhooks', hook(['contract_published'], { consumer: { label: 'frontend' } }));
      await b.td
        .publishPact({ consumer: 'app', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      await rx.waitFor(1);
      await backgroundSettled(b.deps.store);
      assert.deepEqual(
        rx.received.map((r) => r.json.consumerName),
        ['web'],
      );
      assert.equal((await b.api.delete('/pacticipants/web/labels/frontend')).status, 204);
      assert.equal((await b.api.get('/pacticipants/web/labels/frontend')).status, 404);
    });

    it('retries a failed delivery with growing delays and keeps a log of every attempt', async () => {
      await rx.close();
      rx = await startReceiver((_, n) => (n <= 2 ? { status: 503, body: '{"error":"busy"}' } : { status: 200 }));
      const w = await b.api.post('/webhooks', hook(['contract_published']));
      await b.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      await rx.waitFor(3);
      const gaps = [rx.received[1].at - rx.received[0].at, rx.received[2].at - rx.received[1].at];
      // Schedule 0.2 s then 0.4 s (plus polling).
      assert.ok(gaps[0] >= 180, `first retry after ${gaps[0]} ms`);
      assert.ok(gaps[1] >= 380, `second retry after ${gaps[1]} ms`);
      assert.ok(gaps[1] > gaps[0]);
      const t = await eventually(async () => {
        const ex = await b.api.get(`/webhooks/${w.body.uuid}/executions`);
        const tw = ex.body._embedded.triggeredWebhooks[0];
        return tw?.status === 'success' ? tw : undefined;
      });
      assert.equal(t.attemptsMade, 3);
      assert.deepEqual(
        t.executions.map((e: any) => [e.attempt, e.success, e.statusCode]),
        [
          [1, false, 503],
          [2, false, 503],
          [3, true, 200],
        ],
      );
      assert.match(t.executions[0].logs, /HTTP\/1\.1 503/);
      const logs = await b.api.get(t._links['pb:logs'].href.slice(b.url.length));
      assert.match(logs.text, /# attempt 3: success/);
    });

    it('gives up after the last retry', async () => {
      await rx.close();
      rx = await startReceiver(() => ({ status: 500 }));
      const w = await b.api.post('/webhooks', hook(['contract_published']));
      await b.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      const t = await eventually(async () => {
        const tw = (await b.api.get(`/webhooks/${w.body.uuid}/executions`)).body._embedded.triggeredWebhooks[0];
        return tw?.status === 'failure' ? tw : undefined;
      });
      assert.equal(t.attemptsMade, 4);
      assert.equal(t.attemptsRemaining, 0);
      assert.equal(rx.received.length, 4);
    });

    it('a queued delivery survives a restart', async () => {
      await b.stop();
      // An instance that does not deliver: the trigger and its job are stored with the publication.
      const quiet = await startTestBroker({
        adapter,
        database: b.database,
        config: { ...WEBHOOK_TEST_CONFIG, webhooks: false },
      });
      const w = await quiet.api.post('/webhooks', hook(['contract_published']));
      await quiet.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      await outboxDrained(quiet.deps.store);
      const trigger = (await quiet.api.get(`/webhooks/${w.body.uuid}/executions`)).body._embedded.triggeredWebhooks[0];
      assert.equal(trigger.status, 'queued');
      const job = await quiet.deps.store.read(() => findJob('webhook.deliver', trigger.uuid));
      assert.equal(job?.status, 'queued');
      await quiet.stop();
      // The quiet instance had no deliverer, and its job is still queued: nothing was sent.
      assert.equal(rx.received.length, 0);
      b = await startTestBroker({ adapter, database: b.database, config: WEBHOOK_TEST_CONFIG });
      await rx.waitFor(1);
      assert.equal(rx.received[0].json.consumerName, 'web');
      assert.equal(rx.received[0].json.pactUrl, `${b.url}/pacts/provider/orders/consumer/web/version/1`);
    });

    describe('egress rules', () => {
      it('refuses a disallowed scheme, method or host when the webhook is saved', async () => {
        const https = await startTestBroker({ adapter, config: { ...WEBHOOK_TEST_CONFIG, webhookSchemes: ['https'] } });
        try {
          const r = await https.api.post('/webhooks', hook(['contract_published']));
          assert.equal(r.status, 400);
          assert.match(JSON.stringify(r.body), /scheme http is not allowed/);
        } finally {
          await https.destroy();
        }
        const put = await b.api.post('/webhooks', hook(['contract_published'], {}, { method: 'PUT' }));
        assert.equal(put.status, 400);
        assert.match(JSON.stringify(put.body), /method PUT is not allowed/);
        const host = await b.api.post('/webhooks', hook(['contract_published'], {}, { url: 'http://10.1.2.3/hook' }));
        assert.equal(host.status, 400);
        assert.match(JSON.stringify(host.body), /not in the webhook host allow-list/);
        const meta = await b.api.post(
          '/webhooks',
          hook(['contract_published'], {}, { url: 'http://169.254.169.254/latest/meta-data' }),
        );
        assert.equal(meta.status, 400);
        assert.match(JSON.stringify(meta.body), /link-local or metadata/);
        const userinfo = await b.api.post(
          '/webhooks',
          hook(['contract_published'], {}, { url: `http://bob:pw@127.0.0.1:${rx.port}/x` }),
        );
        assert.equal(userinfo.status, 400);
      });

      it('checks the address a name resolves to at connect time, and never follows a redirect', async () => {
        await rx.close();
        let followed = false;
        rx = await startReceiver((r) => {
          if (r.url === '/elsewhere') followed = true;
          return r.url === '/redirect'
            ? { status: 302, headers: { location: `${rx.url}/elsewhere` } }
            : { status: 200 };
        });
        const names = await startTestBroker({
          adapter,
          config: {
            ...WEBHOOK_TEST_CONFIG,
            webhookResolve: { 'good.test': '127.0.0.1', 'sneaky.test': '10.0.0.1', 'meta.test': '169.254.169.254' },
          },
        });
        try {
          const exec = async (url: string) => {
            const w = await names.api.post('/webhooks', hook(['contract_published'], {}, { url }));
            assert.equal(w.status, 201, w.text);
            return (await names.api.post(`/webhooks/${w.body.uuid}/execute`, {})).body;
          };
          const good = await exec(`http://good.test:${rx.port}/ok`);
          assert.equal(good.success, true, JSON.stringify(good));
          const sneaky = await exec(`http://sneaky.test:${rx.port}/x`);
          assert.equal(sneaky.success, false);
          assert.match(
            sneaky.error.message,
            /sneaky\.test resolves to 10\.0\.0\.1, which is not in the webhook host allow-list/,
          );
          const meta = await exec(`http://meta.test:${rx.port}/x`);
          assert.match(meta.error.message, /169\.254\.169\.254, a link-local or metadata address/);
          const redirect = await exec(`http://127.0.0.1:${rx.port}/redirect`);
          assert.equal(redirect.success, false);
          assert.match(redirect.error.message, /not followed/);
          // The execution answered after its delivery ended, so a followed redirect would have arrived by now.
          assert.equal(followed, false);
          assert.deepEqual(
            rx.received.map((r) => r.url),
            ['/ok', '/redirect'],
          );
        } finally {
          await names.destroy();
        }
      });

      it('with an empty host list only public addresses are reachable', async () => {
        const open = await startTestBroker({
          adapter,
          config: { ...WEBHOOK_TEST_CONFIG, webhookHosts: [], webhookResolve: { 'internal.test': '127.0.0.1' } },
        });
        try {
          const w = await open.api.post(
            '/webhooks',
            hook(['contract_published'], {}, { url: `http://internal.test:${rx.port}/x` }),
          );
          assert.equal(w.status, 201);
          const r = (await open.api.post(`/webhooks/${w.body.uuid}/execute`, {})).body;
          assert.match(r.error.message, /not a public address/);
          assert.equal(rx.received.length, 0);
          assert.equal((await open.api.post('/webhooks', hook(['contract_published']))).status, 400);
        } finally {
          await open.destroy();
        }
      });
    });

    it('keeps secrets out of every response and log, even when the target echoes them', async () => {
      await rx.close();
      rx = await startReceiver((r) => ({ status: 200, body: JSON.stringify({ echoed: r.headers, url: r.url }) }));
      const secrets = ['Bearer-sekrit-token-123', 'apikey-abcdef-987', 'hunter2-password', 'query-token-555'];
      const w = await b.api.post(
        '/webhooks',
        hook(
          ['contract_published'],
          {},
          {
            url: `${rx.url}/hook?token=${secrets[3]}&plain=visible`,
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${secrets[0]}`,
              'X-Api-Key': secrets[1],
            },
            username: 'ci-user',
            password: secrets[2],
          },
        ),
      );
      assert.equal(w.status, 201);
      const basic = Buffer.from(`ci-user:${secrets[2]}`).toString('base64');
      // The broker runs open, so every caller is an admin and sees the secrets in the webhook itself (who else does
      // not: test/security/webhook-secrets.test.ts); logs, executions and test results never show them.
      const texts: string[] = [];
      // PUT back what a non-admin sees: the stored secrets are kept, not overwritten with the marker.
      const shown = (await b.api.get(`/webhooks/${w.body.uuid}`)).body;
      assert.match(shown.request.url, /plain=visible/);
      const redacted = {
        ...shown.request,
        headers: { ...shown.request.headers, Authorization: '**********', 'X-Api-Key': '**********' },
        password: '**********',
      };
      assert.equal(
        (await b.api.put(`/webhooks/${w.body.uuid}`, { events: shown.events, request: redacted })).status,
        200,
      );
      await b.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      await rx.waitFor(1);
      // The target got the real credentials.
      assert.equal(rx.received[0].headers.authorization, `Basic ${basic}`);
      assert.equal(rx.received[0].headers['x-api-key'], secrets[1]);
      assert.ok(rx.received[0].url.includes(secrets[3]));
      const execs = await eventually(async () => {
        const r = await b.api.get(`/webhooks/${w.body.uuid}/executions`);
        return r.body._embedded.triggeredWebhooks[0]?.status === 'success' ? r : undefined;
      });
      texts.push(execs.text);
      texts.push(
        (await b.api.get(execs.body._embedded.triggeredWebhooks[0]._links['pb:logs'].href.slice(b.url.length))).text,
      );
      texts.push((await b.api.post(`/webhooks/${w.body.uuid}/execute`, {})).text);
      texts.push(
        (
          await b.api.post(
            '/webhooks/execute',
            hook(['contract_published'], {}, { headers: { 'X-Auth-Token': secrets[0] } }),
          )
        ).text,
      );
      for (const t of texts) {
        for (const s of [...secrets, basic]) assert.ok(!t.includes(s), `secret ${s} leaked in ${t.slice(0, 300)}`);
      }
      assert.ok(texts.some((t) => t.includes('**********')));
    });
  });
}
