import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/**
 * can-i-rollback over HTTP: the broker gathers history, pacts and evidence from its store and the
 * pure analysis answers. The pure analysis has its own tests (test/gate); these check the gathering.
 */
for (const adapter of adapters()) {
  describe(`GET /can-i-rollback (${adapter})`, () => {
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      await b.td.environment('production');
    });
    afterEach(async () => b.destroy());

    const ask = (qs: string) => b.api.get(`/can-i-rollback?environment=production&${qs}`);

    /** web@1 -> orders@1 deployed, then web@2 (needs orders@2's new field) and orders@2. */
    async function lockstep() {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders', pact: (p) => p.withInteraction({ path: '/orders/1' }) })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: (p) => p.withInteraction({ path: '/orders/2' }) })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: false })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: false })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
    }

    it('says a lockstep pair must roll back together, with the plan', async () => {
      await lockstep();
      const res = await ask('pacticipant=web');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.summary.rollbackable, false);
      assert.deepEqual(res.body.minimalSafeSet, ['orders', 'web']);
      assert.deepEqual(res.body.targets, [{ pacticipant: 'web', from: '2', to: '1' }]);
      const broken = res.body.pairs.filter((p: { verdict: string }) => p.verdict === 'incompatible');
      assert.equal(broken.length, 1);
      assert.equal(broken[0].evidence, 'verification');
      assert.deepEqual(res.body.plan.flatMap((s: { pacticipants: { name: string }[] }) => s.pacticipants.map((p) => p.name)).sort(), ['orders', 'web']);

      const both = await ask('pacticipant=web&pacticipant=orders');
      assert.equal(both.body.summary.rollbackable, true);
    });

    it('answers the any-subset analysis without pacticipants', async () => {
      await lockstep();
      const res = await ask('');
      assert.equal(res.status, 200);
      const web = res.body.pacticipants.find((p: { name: string }) => p.name === 'web');
      assert.equal(web.verdict, 'needs-companions');
      assert.deepEqual(web.requires, ['orders']);
      assert.equal(web.current, '2');
      assert.equal(web.prior, '1');
    });

    it('treats a pair without evidence as unknown, never as safe', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      const res = await ask('pacticipant=orders');
      assert.equal(res.body.summary.rollbackable, false);
      assert.ok(res.body.summary.unknown >= 1);
      const pair = res.body.pairs.find((p: { verdict: string }) => p.verdict === 'unknown');
      assert.equal(pair.evidence, 'none');
    });

    it('lets identical pact content share a verification', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'web', version: '2', provider: 'orders' })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '7', success: true })
        .deploy({ pacticipant: 'orders', version: '7', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
      const res = await ask('pacticipant=web');
      assert.equal(res.body.summary.rollbackable, true, JSON.stringify(res.body));
      assert.equal(res.body.pairs[0].evidence, 'verification');
    });

    it('lets a later verification override an earlier one', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true });
      assert.equal((await ask('pacticipant=orders')).body.summary.rollbackable, true);
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: false });
      const res = await ask('pacticipant=orders');
      assert.equal(res.body.summary.rollbackable, false);
      assert.equal(res.body.summary.incompatible, 1);
    });

    it('finds the prior version after a redeployment (1, 2, 1, 3: the prior of 3 is 1)', async () => {
      await b.td
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '3', environment: 'production' });
      const res = await ask('pacticipant=orders');
      assert.deepEqual(res.body.targets, [{ pacticipant: 'orders', from: '3', to: '1' }]);
      assert.equal(res.body.summary.rollbackable, true);
      const two = await ask('pacticipant=orders&steps=2');
      assert.deepEqual(two.body.targets, [{ pacticipant: 'orders', from: '3', to: '2' }]);
      const explicit = await ask('q[][pacticipant]=orders&q[][version]=2');
      assert.deepEqual(explicit.body.targets, [{ pacticipant: 'orders', from: '3', to: '2' }]);
    });

    it('says no for a service without a prior version', async () => {
      await b.td.deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
      const res = await ask('pacticipant=orders');
      assert.equal(res.body.summary.rollbackable, false);
      assert.match(res.body.summary.reason, /orders cannot roll back/);
      assert.deepEqual(res.body.targets, [{ pacticipant: 'orders', from: '1', to: null }]);
    });

    it('answers 400 for an unknown environment or pacticipant, naming it', async () => {
      const env = await b.api.get('/can-i-rollback?environment=nowhere');
      assert.equal(env.status, 400);
      assert.match(JSON.stringify(env.body), /nowhere/);
      const p = await ask('pacticipant=ghost');
      assert.equal(p.status, 400);
      assert.match(JSON.stringify(p.body), /ghost/);
      assert.equal((await b.api.get('/can-i-rollback')).status, 400);
    });
  });
}
