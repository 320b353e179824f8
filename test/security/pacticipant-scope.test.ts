/**
 * Per-pacticipant authorisation (issue 16): tokens and basic users in the auth file may carry `pacticipants`
 * (names and `*` patterns) and `labels`; such a principal writes only what touches its own pacticipants, found
 * through the route table's `writes`. Refusals are 403 naming the pacticipant, audited, and change nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refused } from '../broker/features/support.ts';
import { aPact } from '../support/pact-builder.ts';
import { pactBroker } from '../support/pact-broker-cli.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { basic, bearer, publishBody } from './support.ts';

const T = {
  admin: 'tok-global-admin-0123456789',
  web: 'tok-team-web-0123456789',
  orders: 'tok-team-orders-0123456789',
};

const AUTH_FILE = `
tokens:
  - { name: root, token: ${T.admin}, scopes: [admin] }
  - name: team-web
    token: ${T.web}
    scopes: [publish-contracts, publish-verifications, deploy, admin]
    pacticipants: [web, "web-*"]
  - name: team-orders
    token: ${T.orders}
    scopes: [publish-contracts, publish-verifications, deploy]
    labels: [team-orders]
users:
  - { username: web-dev, password: "web dev pw", scopes: [publish-contracts, deploy], pacticipants: [web] }
`;

for (const adapter of adapters()) {
  describe(`Per-pacticipant authorisation [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    let dir: string;
    let env: string;
    let ordersDeployment: string;
    const admin = bearer(T.admin);
    const web = bearer(T.web);
    const orders = bearer(T.orders);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rollgate-scope-'));
      writeFileSync(join(dir, 'auth.yaml'), AUTH_FILE);
      b = await startTestBroker({ adapter, config: { authFile: join(dir, 'auth.yaml') } });
      const ok = (r: { status: number; text: string }) => assert.ok(r.status < 300, r.text);
      ok(await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'), admin));
      ok(await b.api.post('/contracts/publish', publishBody('orders', '1.0.0', 'stock'), admin));
      ok(await b.api.put('/pacticipants/orders/labels/team-orders', {}, admin));
      env = (await b.api.post('/environments', { name: 'production', production: true }, admin)).body.uuid;
      const dep = await b.api.post(
        `/pacticipants/orders/versions/1.0.0/deployed-versions/environment/${env}`,
        {},
        admin,
      );
      ok(dep);
      ordersDeployment = dep.body.uuid;
    });
    after(async () => {
      await b.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    async function shaOf(consumer: string, provider: string): Promise<string> {
      const res = await b.api.get(`/pacts/provider/${provider}/consumer/${consumer}/latest`, admin);
      return String(res.body._links['pb:pact-version']?.href ?? res.body._links.self.href).split('/pact-version/')[1];
    }

    it('lets a scoped principal write its own pacticipants: publish (creating a new provider), tag, branch, deploy, edit, label', async () => {
      const ok = (r: { status: number; text: string }, what: string) => assert.ok(r.status < 300, `${what}: ${r.text}`);
      ok(await b.api.post('/contracts/publish', publishBody('web', '1.1.0', 'payments'), web), 'publish, new provider');
      ok(await b.api.post('/contracts/publish', publishBody('web-mobile', '1.0.0', 'orders'), web), 'web-* consumer');
      ok(await b.api.put('/pacticipants/web/versions/1.1.0/tags/prod', {}, web), 'tag');
      ok(await b.api.put('/pacticipants/web/branches/feat/versions/1.1.0', {}, web), 'branch');
      ok(await b.api.post(`/pacticipants/web/versions/1.1.0/deployed-versions/environment/${env}`, {}, web), 'deploy');
      ok(await b.api.patch('/pacticipants/web', { displayName: 'Web' }, web), 'edit');
      ok(await b.api.put('/pacticipants/web-mobile/labels/mobile', {}, web), 'label (admin scope, own pacticipant)');
      ok(
        await b.api.post(
          '/webhooks',
          {
            events: [{ name: 'contract_published' }],
            consumer: { name: 'web' },
            provider: { name: 'web-mobile' },
            request: { url: 'https://ci.example/hook' },
          },
          web,
        ),
        'webhook between its own pacticipants',
      );
      // Labels: team-orders owns what is labelled team-orders (orders), and verifies as that provider.
      const sha = await shaOf('web', 'orders');
      ok(
        await b.api.post(
          `/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`,
          { providerApplicationVersion: '2.0.0', success: true },
          orders,
        ),
        'verify as its provider',
      );
      ok(await b.api.put('/pacticipants/orders/versions/2.0.0/tags/prod', {}, orders), 'tag by label');
      ok(
        await b.api.patch(`/deployed-versions/${ordersDeployment}`, { currentlyDeployed: false }, orders),
        'its deployment',
      );
      // Basic users carry pacticipants too.
      ok(
        await b.api.put('/pacticipants/web/versions/1.1.0/tags/staging', {}, basic('web-dev', 'web dev pw')),
        'basic user, own pacticipant',
      );
    });

    it("refuses a scoped principal another pacticipant's writes with a 403 naming it, storing nothing", async () => {
      const sha = await shaOf('web', 'orders');
      const cases: [string, string, string, unknown, Record<string, string>, string][] = [
        [
          'publish as another consumer',
          'POST',
          '/contracts/publish',
          publishBody('orders', '9.0.0', 'stock'),
          web,
          'orders',
        ],
        [
          'PUT pact as another consumer',
          'PUT',
          '/pacts/provider/web/consumer/orders/version/9',
          aPact('orders', 'web').withInteraction().build(),
          web,
          'orders',
        ],
        ['tag prod on its version', 'PUT', '/pacticipants/orders/versions/1.0.0/tags/prod', {}, web, 'orders'],
        ['its main branch', 'PUT', '/pacticipants/orders/branches/main/versions/1.0.0', {}, web, 'orders'],
        ['set its version', 'PUT', '/pacticipants/orders/versions/7.7.7', { branch: 'main' }, web, 'orders'],
        ['edit it', 'PATCH', '/pacticipants/orders', { mainBranch: 'evil' }, web, 'orders'],
        ['create a pacticipant outside its names', 'POST', '/pacticipants', { name: 'billing' }, web, 'billing'],
        [
          'record its deployment',
          'POST',
          `/pacticipants/orders/versions/1.0.0/deployed-versions/environment/${env}`,
          {},
          web,
          'orders',
        ],
        [
          'record its release',
          'POST',
          `/pacticipants/orders/versions/1.0.0/released-versions/environment/${env}`,
          {},
          web,
          'orders',
        ],
        [
          'end its deployment',
          'PATCH',
          `/deployed-versions/${ordersDeployment}`,
          { currentlyDeployed: false },
          web,
          'orders',
        ],
        [
          'verify as its provider',
          'POST',
          `/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`,
          { providerApplicationVersion: '6.6.6', success: true },
          web,
          'orders',
        ],
        ['delete its version', 'DELETE', '/pacticipants/orders/versions/1.0.0', undefined, web, 'orders'],
        ['label it', 'PUT', '/pacticipants/orders/labels/team-web', {}, web, 'orders'],
        [
          'webhook to another provider',
          'POST',
          '/webhooks',
          {
            events: [{ name: 'contract_published' }],
            consumer: { name: 'web' },
            provider: { name: 'orders' },
            request: { url: 'https://ci.example/h' },
          },
          web,
          'orders',
        ],
        [
          'webhook for every consumer',
          'POST',
          '/webhooks',
          {
            events: [{ name: 'contract_published' }],
            provider: { name: 'web' },
            request: { url: 'https://ci.example/h' },
          },
          web,
          'every pacticipant',
        ],
        ['tag by label, not its label', 'PUT', '/pacticipants/web/versions/1.0.0/tags/prod', {}, orders, 'web'],
        [
          'basic user, not its pacticipant',
          'PUT',
          '/pacticipants/orders/versions/1.0.0/tags/x',
          {},
          basic('web-dev', 'web dev pw'),
          'orders',
        ],
      ];
      for (const [what, method, path, body, who, named] of cases) {
        const res = await refused(b, 403, () =>
          b.api.call(method, path, body, { ...who, 'content-type': 'application/json' }),
        );
        assert.match(res.body.errors.base[0], new RegExp(named), `${what}: ${res.text}`);
      }
      // Admin stays global: environments, the audit log and a webhook an unscoped admin made are not a team's.
      await refused(b, 403, () => b.api.post('/environments', { name: 'team-env', production: false }, web));
      assert.equal((await b.api.get('/audit', web)).status, 403);
      const global = await b.api.post(
        '/webhooks',
        { events: [{ name: 'contract_published' }], request: { url: 'https://ci.example/all' } },
        admin,
      );
      assert.equal(global.status, 201, global.text);
      await refused(b, 403, () => b.api.delete(`/webhooks/${global.body.uuid}`, web));
      // Reads are not narrowed.
      assert.equal((await b.api.get('/pacticipants/orders', web)).status, 200);
    });

    it('audits each refusal with the principal, the route and the pacticipant', async () => {
      await b.api.put('/pacticipants/orders/versions/1.0.0/tags/audited', {}, web);
      const entries = (await b.api.get('/audit?action=access.refused&pageSize=100', admin)).body._embedded.entries;
      const mine = entries.find(
        (e: any) => e.principal === 'team-web' && e.detail.path === '/pacticipants/orders/versions/1.0.0/tags/audited',
      );
      assert.ok(mine, JSON.stringify(entries.slice(0, 3)));
      assert.equal(mine.detail.method, 'PUT');
      assert.deepEqual(mine.detail.pacticipants, ['orders']);
    });

    it('refuses with the real pact-broker CLI: tagging, deploying and publishing for another pacticipant', async () => {
      const tag = await pactBroker(
        [
          'create-version-tag',
          '--pacticipant',
          'orders',
          '--version',
          '1.0.0',
          '--tag',
          'cli-prod',
          '--broker-token',
          T.web,
        ],
        b.url,
      );
      // create-version-tag reports the failure (and exits 0, as pact-broker-cli 0.8 does for this command).
      assert.match(tag.stdout + tag.stderr, /Failed.*may not PUT .*it writes orders/s, tag.stdout);
      const deploy = await pactBroker(
        [
          'record-deployment',
          '--pacticipant',
          'orders',
          '--version',
          '1.0.0',
          '--environment',
          'production',
          '--broker-token',
          T.web,
        ],
        b.url,
      );
      assert.notEqual(deploy.code, 0, deploy.stdout);
      assert.match(deploy.stdout + deploy.stderr, /orders/);
      const pacts = mkdtempSync(join(tmpdir(), 'rollgate-scope-pacts-'));
      try {
        writeFileSync(
          join(pacts, 'orders-stock.json'),
          JSON.stringify(aPact('orders', 'stock').withInteraction().build()),
        );
        const theirs = await pactBroker(
          ['publish', pacts, '--consumer-app-version', '8.0.0', '--branch', 'main', '--broker-token', T.web],
          b.url,
        );
        assert.notEqual(theirs.code, 0, theirs.stdout);
        assert.match(theirs.stdout + theirs.stderr, /orders/);
        rmSync(join(pacts, 'orders-stock.json'));
        writeFileSync(join(pacts, 'web-orders.json'), JSON.stringify(aPact('web', 'orders').withInteraction().build()));
        const own = await pactBroker(
          ['publish', pacts, '--consumer-app-version', '8.0.0', '--branch', 'main', '--broker-token', T.web],
          b.url,
        );
        assert.equal(own.code, 0, own.stdout + own.stderr);
      } finally {
        rmSync(pacts, { recursive: true, force: true });
      }
      const tags = (await b.api.get('/pacticipants/orders/versions/1.0.0', admin)).body._embedded.tags.map(
        (t: any) => t.name,
      );
      assert.ok(!tags.includes('cli-prod'));
      assert.equal((await b.api.get('/pacticipants/orders/versions/8.0.0', admin)).status, 404);
    });
  });
}
