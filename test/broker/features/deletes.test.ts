/**
 * The Pact Broker's deletes rollgate lacked (issue 17): a pact of a consumer version, every pact of a pair, an
 * integration (GET too), a version's place on a branch. What a rollback needs is refused with 409 naming the
 * environment unless a global admin forces it; each delete leaves no row pointing at nothing (checked over every table
 * of the schema) and moves the answer caches on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../broker/src/storage/sql.ts';
import { bearer } from '../../security/support.ts';
import { orphanRows } from '../../support/schema-tables.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const T = { admin: 'tok-admin-del-0123456789', team: 'tok-team-del-0123456789' };
const AUTH = `
tokens:
  - { name: root, token: ${T.admin}, scopes: [admin] }
  - { name: team-web, token: ${T.team}, scopes: [admin], pacticipants: [web] }
`;

for (const adapter of adapters()) {
  describe(`Deletes (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    let dir: string;
    const admin = bearer(T.admin);
    const team = bearer(T.team);
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rollgate-del-'));
      writeFileSync(join(dir, 'auth.yaml'), AUTH);
      b = await startTestBroker({ adapter, config: { authFile: join(dir, 'auth.yaml') } });
      // web 1 (prior) and 2 (current) in production, 3 undeployed; orders 1 deployed; a webhook on web -> orders.
      await b.td.environment('production');
      for (const v of ['1', '2', '3'])
        await b.td
          .publishPact({
            consumer: 'web',
            version: v,
            provider: 'orders',
            branch: 'main',
            pact: (p) => p.withInteraction({ path: `/o/${v}` }),
          })
          .verify({ consumer: 'web', version: v, provider: 'orders', providerVersion: '1', success: true });
      await b.td
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
      const hook = await b.api.post(
        '/webhooks',
        {
          events: [{ name: 'contract_published' }],
          consumer: { name: 'web' },
          provider: { name: 'orders' },
          request: { method: 'POST', url: 'https://ci.example/x' },
        },
        admin,
      );
      assert.equal(hook.status, 201, hook.text);
      await settleEvidence(b.deps.store);
    });
    afterEach(async () => {
      await b.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    const noOrphans = async (after: string) => assert.deepEqual(await orphanRows(b.deps.store), [], `after ${after}`);
    const audit = async () => (await b.api.get('/audit', admin)).body;

    it('deletes the pact of a version no rollback needs: 204, then 404; its verifications go; nothing left dangling', async () => {
      const del = await b.api.delete('/pacts/provider/orders/consumer/web/version/3', admin);
      assert.equal(del.status, 204, del.text);
      await noOrphans('deleting a pact');
      assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/version/3', admin)).status, 404);
      assert.equal((await b.api.get('/pacticipants/web/versions/3', admin)).status, 200, 'the version stays');
      const again = await b.api.delete('/pacts/provider/orders/consumer/web/version/3', admin);
      assert.equal(again.status, 404);
      assert.match(again.body.errors?.base?.[0] ?? again.text, /No pact found between web version 3 and orders/);
      assert.equal((await b.api.delete('/pacts/provider/nobody/consumer/web/version/3', admin)).status, 404);
      assert.match(JSON.stringify(await audit()), /pact\.deleted/);
    });

    it('refuses with 409 naming the environment what a rollback needs (current and prior), unless forced', async () => {
      const current = await b.api.delete('/pacts/provider/orders/consumer/web/version/2', admin);
      assert.equal(current.status, 409, current.text);
      assert.match(current.text, /needed by can-i-rollback in production \(2: currently deployed\)/);
      assert.match(current.text, /\?force=true/);
      const prior = await b.api.delete('/pacts/provider/orders/consumer/web/version/1', admin);
      assert.equal(prior.status, 409);
      assert.match(prior.text, /production \(1: the version a rollback returns to\)/);
      const pair = await b.api.delete('/pacts/provider/orders/consumer/web', admin);
      assert.equal(pair.status, 409);
      const integration = await b.api.delete('/integrations/provider/orders/consumer/web', admin);
      assert.equal(integration.status, 409);
      assert.equal(
        (await b.api.get('/pacts/provider/orders/consumer/web/version/1', admin)).status,
        200,
        'nothing deleted',
      );

      // A scoped admin may delete its own pacticipant's pacts, but not force what a rollback needs.
      const scoped = await b.api.delete('/pacts/provider/orders/consumer/web/version/1?force=true', team);
      assert.equal(scoped.status, 403, scoped.text);
      assert.equal(
        (await b.api.delete('/pacts/provider/orders/consumer/web/version/1?force=maybe', admin)).status,
        400,
      );

      // The answer cache: the rollback answer changes when the prior version's pact (not the newest row) goes.
      const before = await b.api.get('/can-i-rollback?environment=production&pacticipant=web', admin);
      assert.equal(before.status, 200);
      assert.equal(before.body.summary.rollbackable, true, before.text);
      const forced = await b.api.delete('/pacts/provider/orders/consumer/web/version/1?force=true', admin);
      assert.equal(forced.status, 204, forced.text);
      await noOrphans('a forced delete');
      const after = await b.api.get('/can-i-rollback?environment=production&pacticipant=web', admin);
      assert.notDeepEqual(after.body, before.body, 'the cached answer was not reused');
      const detail = JSON.stringify((await audit())._embedded ?? (await audit()));
      assert.match(detail, /"forced":true/);
    });

    it('deletes every pact of a pair, and an integration with its own webhooks; GET of an integration', async () => {
      await b.td
        .publishPact({ consumer: 'app', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'app', version: '2', provider: 'orders' });
      const got = await b.api.get('/integrations/provider/orders/consumer/app', admin);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.body.consumer.name, 'app');
      assert.equal(got.body.provider.name, 'orders');
      assert.match(got.body._links.self.href, /\/integrations\/provider\/orders\/consumer\/app$/);
      assert.equal((await b.api.get('/integrations/provider/orders/consumer/nobody', admin)).status, 404);

      assert.equal((await b.api.delete('/pacts/provider/orders/consumer/app', admin)).status, 204);
      await noOrphans('deleting the pacts of a pair');
      assert.equal((await b.api.get('/integrations/provider/orders/consumer/app', admin)).status, 404);
      assert.equal((await b.api.delete('/pacts/provider/orders/consumer/app', admin)).status, 404);

      // web -> orders is needed by rollbacks: forced, the integration goes with its webhook.
      assert.equal((await b.api.get('/webhooks', admin)).body._embedded.webhooks.length, 1);
      const forced = await b.api.delete('/integrations/provider/orders/consumer/web?force=true', admin);
      assert.equal(forced.status, 204, forced.text);
      await noOrphans('deleting an integration');
      assert.equal((await b.api.get('/integrations/provider/orders/consumer/web', admin)).status, 404);
      assert.equal((await b.api.get('/webhooks', admin)).body._embedded.webhooks.length, 0);
      const list = await b.api.get('/integrations', admin);
      assert.equal(list.body._embedded.integrations.length, 0);
    });

    it('the orphan check finds a row that points at nothing (so its silence means something)', async () => {
      await noOrphans('the history');
      await b.deps.store.write(function* () {
        yield* run(
          'INSERT INTO verification_requests (pact_version_id, provider_version_id, reason, first_requested_at, requested_at, request_count) VALUES (999999, 999999, ?, ?, ?, 1)',
          ['x', 't', 't'],
        );
      });
      assert.deepEqual(await orphanRows(b.deps.store), [
        'verification_requests.pact_version_id: 1 rows',
        'verification_requests.provider_version_id: 1 rows',
      ]);
    });

    it('takes a version off a branch (the version stays)', async () => {
      const del = await b.api.delete('/pacticipants/web/branches/main/versions/3', admin);
      assert.equal(del.status, 204, del.text);
      await noOrphans('taking a version off a branch');
      const versions = await b.api.get('/pacticipants/web/branches/main/versions', admin);
      assert.doesNotMatch(JSON.stringify(versions.body), /"number":"3"/);
      assert.equal((await b.api.get('/pacticipants/web/versions/3', admin)).status, 200);
      assert.equal((await b.api.delete('/pacticipants/web/branches/main/versions/3', admin)).status, 404);
      assert.equal((await b.api.delete('/pacticipants/web/branches/nope/versions/1', admin)).status, 404);
    });

    it('versions and pacticipants: 409 naming the environment, forced by an admin with their history; nothing dangling', async () => {
      const v3 = await b.api.delete('/pacticipants/web/versions/3', admin);
      assert.equal(v3.status, 204, v3.text);
      await noOrphans('deleting a version');
      const v1 = await b.api.delete('/pacticipants/web/versions/1', admin);
      assert.equal(v1.status, 409);
      assert.match(
        v1.text,
        /web version 1 was deployed or released and cannot be deleted: rollbacks read it in production/,
      );
      assert.equal((await b.api.delete('/pacticipants/web/versions/1?force=true', team)).status, 403);
      assert.equal((await b.api.delete('/pacticipants/web/versions/1?force=true', admin)).status, 204);
      await noOrphans('a forced version delete');
      const p = await b.api.delete('/pacticipants/orders', admin);
      assert.equal(p.status, 409);
      assert.match(
        p.text,
        /orders has deployment or release history and cannot be deleted: rollbacks read it in production \(1: currently deployed\)/,
      );
      assert.equal((await b.api.delete('/pacticipants/orders?force=true', admin)).status, 204);
      await noOrphans('a forced pacticipant delete');
      assert.equal((await b.api.delete('/pacticipants/web?force=true', admin)).status, 204);
      await noOrphans('deleting everything');
    });
  });
}
