/**
 * Webhook secrets and headers (issue 16): secrets shown only to admins and to the webhook's creator, the URL cut to
 * scheme, host and first path segment for everyone else, a PUT of the placeholder keeps the stored secret; headers
 * validated when saved; a template value that makes a header invalid fails the delivery visibly; no user-set Host or
 * Transfer-Encoding reaches the target; an echoed secret is scrubbed from logs in every JSON spelling.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refused } from '../broker/features/support.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { WEBHOOK_TEST_CONFIG, eventually, startReceiver } from '../webhooks/support.ts';
import { bearer } from './support.ts';

const T = {
  admin: 'tok-admin-wh-0123456789',
  team: 'tok-team-wh-0123456789',
  other: 'tok-other-wh-0123456789',
  read: 'tok-read-wh-0123456789',
};
const AUTH = `
tokens:
  - { name: root, token: ${T.admin}, scopes: [admin] }
  - { name: team-web, token: ${T.team}, scopes: [admin], pacticipants: [web, orders] }
  - { name: team-web-2, token: ${T.other}, scopes: [admin], pacticipants: [web, orders] }
  - { name: reader, token: ${T.read}, scopes: [read] }
`;
const SLACK_PATH = '/services/T0000SECRET/B0000SECRET/XXXXXXXXXXXXXXXXXXXXXXXX';

for (const adapter of adapters()) {
  describe(`Webhook secrets and headers [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let dir: string;
    before(async () => {
      rx = await startReceiver((r) => ({ status: 200, body: JSON.stringify({ echoed: r.headers, body: r.body }) }));
      dir = mkdtempSync(join(tmpdir(), 'rollgate-wh-'));
      writeFileSync(join(dir, 'auth.yaml'), AUTH);
      b = await startTestBroker({ adapter, config: { ...WEBHOOK_TEST_CONFIG, authFile: join(dir, 'auth.yaml') } });
      // A webhook names pacticipants that exist.
      for (const name of ['web', 'orders', 'wëb™']) {
        const created = await b.api.post('/pacticipants', { name }, bearer(T.admin));
        assert.equal(created.status, 201, created.text);
      }
    });
    after(async () => {
      await b.destroy();
      await rx.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const hook = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      events: [{ name: 'contract_published' }],
      consumer: { name: 'web' },
      provider: { name: 'orders' },
      request: { method: 'POST', url: `${rx.url}${SLACK_PATH}?token=query-secret-777`, ...request },
      ...extra,
    });

    it('shows secrets to admins and the creator; others see them redacted and the URL cut after its first segment', async () => {
      const created = await b.api.post(
        '/webhooks',
        hook({
          headers: { Authorization: 'Bearer auth-secret-111', 'X-Custom': 'custom-secret-222', 'X-Plain': 'visible' },
          body: { text: 'hello', token: 'body-secret-333' },
          password: 'password-secret-444',
          username: 'bot',
          secrets: ['headers.X-Custom', 'body.token'],
        }),
        bearer(T.team),
      );
      assert.equal(created.status, 201, created.text);
      const uuid = created.body.uuid;
      for (const who of [T.team, T.admin]) {
        const seen = (await b.api.get(`/webhooks/${uuid}`, bearer(who))).body.request;
        assert.equal(seen.url, `${rx.url}${SLACK_PATH}?token=query-secret-777`);
        assert.equal(seen.headers['X-Custom'], 'custom-secret-222');
        assert.equal(seen.headers.Authorization, 'Bearer auth-secret-111');
        assert.equal(seen.password, 'password-secret-444');
        assert.equal(seen.body.token, 'body-secret-333');
      }
      for (const who of [T.other, T.read]) {
        const res = await b.api.get(`/webhooks/${uuid}`, bearer(who));
        const list = await b.api.get('/webhooks', bearer(who));
        for (const text of [res.text, list.text])
          for (const s of [
            'SECRET',
            'XXXXXXXX',
            'query-secret',
            'auth-secret',
            'custom-secret',
            'body-secret',
            'password-secret',
          ])
            assert.ok(!text.includes(s), `${s} shown to a non-creator: ${text.slice(0, 400)}`);
        const seen = res.body.request;
        assert.equal(seen.url, `${rx.url}/services/**********`);
        assert.equal(seen.headers['X-Plain'], 'visible');
        assert.equal(seen.headers['X-Custom'], '**********');
        assert.equal(seen.body.text, 'hello');
        assert.equal(seen.body.token, '**********');
        assert.equal(seen.password, '**********');
        assert.deepEqual(seen.secrets, ['headers.X-Custom', 'body.token']);
      }
      // Another team member PUTs back what it saw (placeholders and the cut URL): the stored secrets stay.
      const shown = (await b.api.get(`/webhooks/${uuid}`, bearer(T.other))).body;
      const put = await b.api.put(
        `/webhooks/${uuid}`,
        {
          events: shown.events,
          consumer: shown.consumer,
          provider: shown.provider,
          request: { ...shown.request, headers: { ...shown.request.headers, 'X-Plain': 'changed' } },
        },
        bearer(T.other),
      );
      assert.equal(put.status, 200, put.text);
      const after = (await b.api.get(`/webhooks/${uuid}`, bearer(T.admin))).body.request;
      assert.equal(after.url, `${rx.url}${SLACK_PATH}?token=query-secret-777`);
      assert.equal(after.headers['X-Custom'], 'custom-secret-222');
      assert.equal(after.headers['X-Plain'], 'changed');
      assert.equal(after.password, 'password-secret-444');
      assert.equal(after.body.token, 'body-secret-333');
      // The target gets the real values; the logs anyone may read hold none of them, even echoed.
      const exec = await b.api.post(`/webhooks/${uuid}/execute`, {}, bearer(T.admin));
      assert.equal(exec.body.success, true, exec.text);
      const got = rx.received.at(-1)!;
      assert.equal(got.url, `${SLACK_PATH}?token=query-secret-777`);
      assert.equal(got.headers['x-custom'], 'custom-secret-222');
      assert.equal(JSON.parse(got.body).token, 'body-secret-333');
      const execs = await b.api.get(`/webhooks/${uuid}/executions`, bearer(T.read));
      const logs = await b.api.get(
        execs.body._embedded.triggeredWebhooks[0]._links['pb:logs'].href.slice(b.url.length),
        bearer(T.read),
      );
      for (const text of [exec.text, execs.text, logs.text])
        for (const s of [
          'SECRET',
          'XXXXXXXXXXXX',
          'query-secret',
          'auth-secret',
          'custom-secret',
          'body-secret',
          'password-secret',
        ])
          assert.ok(!text.includes(s), `${s} in ${text.slice(0, 600)}`);
    });

    it('scrubs an echoed secret holding a quote or backslash in every JSON spelling', async () => {
      const secret = 'quo"te\\back-secret-555';
      const w = await b.api.post(
        '/webhooks',
        hook({ url: `${rx.url}/echo`, headers: { 'X-Api-Key': secret } }),
        bearer(T.admin),
      );
      assert.equal(w.status, 201, w.text);
      const exec = await b.api.post(`/webhooks/${w.body.uuid}/execute`, {}, bearer(T.admin));
      assert.equal(exec.body.success, true, exec.text);
      assert.equal(rx.received.at(-1)!.headers['x-api-key'], secret);
      for (const spelling of [secret, JSON.stringify(secret).slice(1, -1), 'back-secret-555'])
        assert.ok(!exec.text.includes(spelling), `${spelling} in ${exec.text.slice(0, 800)}`);
    });

    it('refuses headers that cannot be sent when the webhook is saved (400 naming the header), storing nothing', async () => {
      const cases: [Record<string, string>, RegExp][] = [
        [{ 'X-Evil': 'a\r\nInjected: yes' }, /line break/],
        [{ 'X-Evil': 'a\nb' }, /line break/],
        [{ 'X-Name': 'Zoë ✓' }, /Latin-1/],
        [{ 'Bad Name': 'x' }, /not a valid HTTP header name/],
        [{ 'X-Ctl': 'a\u0007b' }, /control character/],
        [{ Host: 'internal.example' }, /set by the broker/],
        [{ 'Transfer-Encoding': 'chunked' }, /set by the broker/],
        [{ 'Content-Length': '5' }, /set by the broker/],
        [{ 'X-T': 'name ${pactbroker.consumerName}\r\n' }, /line break/],
      ];
      const stored = (await b.api.get('/webhooks', bearer(T.admin))).body._embedded.webhooks.length;
      for (const [headers, pattern] of cases) {
        const res = await refused(b, 400, () => b.api.post('/webhooks', hook({ headers }), bearer(T.admin)));
        const name = Object.keys(headers)[0];
        assert.ok(res.body.errors[`request.headers.${name}`], res.text);
        assert.match(JSON.stringify(res.body.errors), pattern);
      }
      const badMark = await b.api.post('/webhooks', hook({ secrets: ['cookies.x'] }), bearer(T.admin));
      assert.equal(badMark.status, 400, badMark.text);
      assert.equal((await b.api.get('/webhooks', bearer(T.admin))).body._embedded.webhooks.length, stored);
    });

    it('fails a delivery whose header a template value makes invalid, visibly and with a reason (never queued for ever)', async () => {
      const w = await b.api.post(
        '/webhooks',
        {
          ...hook({ url: `${rx.url}/named`, headers: { 'X-Consumer': '${pactbroker.consumerName}' } }),
          consumer: { name: 'wëb™' },
        },
        bearer(T.admin),
      );
      assert.equal(w.status, 201, w.text);
      const before = rx.received.length;
      await b.td.publishPact({ consumer: 'wëb™', version: '1', provider: 'orders' });
      const trigger = await eventually(
        async () => {
          const r = await b.api.get(`/webhooks/${w.body.uuid}/executions`, bearer(T.admin));
          const t = r.body._embedded.triggeredWebhooks[0];
          return t && t.status !== 'queued' && t.status !== 'retrying' ? t : undefined;
        },
        10_000,
        'the delivery to settle',
      );
      assert.equal(trigger.status, 'failure');
      assert.equal(trigger.attemptsMade, 1);
      assert.match(trigger.executions[0].error, /X-Consumer.*Latin-1/);
      assert.equal(rx.received.length, before, 'nothing was sent');
    });
  });
}
