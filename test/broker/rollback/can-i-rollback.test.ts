import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/**
 * can-i-rollback over HTTP: the broker gathers history, pacts and evidence from its store and the
 * pure analysis answers. The pure analysis has its own tests (test/gate); these check the gathering.
 */
for (const adapter of adapters()) {
  describe(`GET /can-i-rollback [${adapter}]`, () => {
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
          pact: (p) => p.withInteraction({ path: '/orders/2' }),
        })
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
      assert.deepEqual(
        res.body.plan.flatMap((s: { pacticipants: { name: string }[] }) => s.pacticipants.map((p) => p.name)).sort(),
        ['orders', 'web'],
      );

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

    it('detail=summary: each service as in the full answer, reasons as ids without pairs; of=NAME: one service in full', async () => {
      await lockstep();
      const full = await ask('');
      const summary = await ask('detail=summary');
      assert.equal(summary.status, 200, summary.text);
      assert.equal(summary.body.detail, 'summary');
      assert.deepEqual(summary.body.summary, full.body.summary);
      assert.equal(summary.body.warningCount, full.body.warnings.length);
      assert.equal(summary.body.warnings, undefined);
      type Report = { name: string; verdict: string; requires: string[]; conflictsWith: string[]; reasons: object[] };
      const strip = (p: Report) => ({
        name: p.name,
        verdict: p.verdict,
        requires: p.requires,
        conflictsWith: p.conflictsWith,
      });
      assert.deepEqual(summary.body.pacticipants.map(strip), full.body.pacticipants.map(strip));
      const web = summary.body.pacticipants.find((p: Report) => p.name === 'web');
      const fullWeb = full.body.pacticipants.find((p: Report) => p.name === 'web');
      assert.ok(fullWeb.reasons.some((r: { because?: unknown[] }) => r.because?.length));
      assert.deepEqual(
        web.reasons,
        fullWeb.reasons.map((r: { id: string; pacticipant: string; needs: string }) => ({
          id: r.id,
          pacticipant: r.pacticipant,
          needs: r.needs,
        })),
      );
      assert.ok(web.reasons.some((r: { id: string; needs: string }) => r.id === 'needs' && r.needs === 'orders'));
      assert.ok(!summary.text.includes('"because"'), 'no pairs in the summary');

      const one = await ask('of=web');
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(
        one.body.pacticipants.map((p: Report) => p.name),
        ['web'],
      );
      assert.deepEqual(one.body.pacticipants[0], fullWeb);

      for (const [qs, field] of [
        ['detail=everything', 'detail'],
        ['detail=summary&pacticipant=web', 'detail'],
        ['of=web&pacticipant=web', 'of'],
        ['detail=summary&of=web', 'of'],
      ]) {
        const bad = await ask(qs);
        assert.equal(bad.status, 400, qs);
        assert.ok(bad.text.includes(field), bad.text);
      }
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

    it('orders a chain dependencies first: rolling back the bottom service needs the two above it', async () => {
      // web -> checkout -> payments, all three moved to 2 together; each 2 needs its provider's 2.
      for (const [c, p] of [
        ['web', 'checkout'],
        ['checkout', 'payments'],
      ]) {
        await b.td
          .publishPact({ consumer: c, version: '1', provider: p, pact: (x) => x.withInteraction({ path: `/${p}/1` }) })
          .publishPact({ consumer: c, version: '2', provider: p, pact: (x) => x.withInteraction({ path: `/${p}/2` }) })
          .verify({ consumer: c, version: '1', provider: p, providerVersion: '1', success: true })
          .verify({ consumer: c, version: '1', provider: p, providerVersion: '2', success: true })
          .verify({ consumer: c, version: '2', provider: p, providerVersion: '2', success: true })
          .verify({ consumer: c, version: '2', provider: p, providerVersion: '1', success: false });
      }
      for (const v of ['1', '2'])
        for (const s of ['payments', 'checkout', 'web'])
          await b.td.deploy({ pacticipant: s, version: v, environment: 'production' });
      const res = await ask('pacticipant=payments');
      assert.equal(res.body.summary.rollbackable, false);
      assert.deepEqual(res.body.minimalSafeSet, ['checkout', 'payments', 'web']);
      assert.deepEqual(
        res.body.plan.map((s: { pacticipants: { name: string }[] }) => s.pacticipants.map((p) => p.name)),
        [['web'], ['checkout'], ['payments']],
      );
    });

    it('reports a conflict: two services that cannot both roll back', async () => {
      // Only web 1 with orders 1 is broken: each can roll back alone, but not both together.
      await b.td
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (x) => x.withInteraction({ path: '/a' }),
        })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          pact: (x) => x.withInteraction({ path: '/b' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: false })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
      assert.equal((await ask('pacticipant=web')).body.summary.rollbackable, true);
      assert.equal((await ask('pacticipant=orders')).body.summary.rollbackable, true);
      const both = await ask('pacticipant=web&pacticipant=orders');
      assert.equal(both.body.summary.rollbackable, false);
      assert.equal(both.body.minimalSafeSet, null);
      const any = await ask('');
      assert.deepEqual(any.body.pacticipants.find((p: { name: string }) => p.name === 'web').conflictsWith, ['orders']);
    });

    it('checks message pacts like HTTP ones', async () => {
      await b.td
        .publishPact({
          consumer: 'billing',
          version: '1',
          provider: 'events',
          pact: (x) => x.withMessage({ contents: { id: 1 } }),
        })
        .publishPact({
          consumer: 'billing',
          version: '2',
          provider: 'events',
          pact: (x) => x.withMessage({ contents: { id: 1, total: 2 } }),
        })
        .verify({ consumer: 'billing', version: '2', provider: 'events', providerVersion: '1', success: true })
        .verify({ consumer: 'billing', version: '1', provider: 'events', providerVersion: '1', success: false })
        .deploy({ pacticipant: 'events', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '2', environment: 'production' });
      const res = await ask('pacticipant=billing');
      assert.equal(res.body.summary.rollbackable, false);
      assert.equal(res.body.pairs[0].verdict, 'incompatible');
      assert.equal(res.body.pairs[0].evidence, 'verification');
    });

    it('reports a pair already broken that the rollback does not touch as a warning, not a failure', async () => {
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: false })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'stock', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'stock', version: '2', environment: 'production' });
      const res = await ask('pacticipant=stock');
      assert.equal(res.body.summary.rollbackable, true);
      assert.equal(res.body.warnings.length, 1);
      assert.match(res.body.warnings[0].message, /web/);
    });

    it('checks a pair that exists only at the prior version', async () => {
      // web 1 used orders; web 2 dropped it. Rolling web back brings the dependency back.
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .version({ pacticipant: 'web', version: '2' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      const res = await ask('pacticipant=web');
      assert.equal(res.body.summary.rollbackable, false);
      assert.deepEqual(
        res.body.pairs.map((p: { consumer: { version: string }; provider: { version: string }; verdict: string }) => [
          p.consumer.version,
          p.provider.version,
          p.verdict,
        ]),
        [['1', '2', 'unknown']],
      );
    });

    it('a fresh environment: nothing to roll back to yet, so no rollback is unsafe; asking to roll one back is still a no', async () => {
      await b.td
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
      const res = await ask('');
      assert.equal(res.body.summary.everySubsetSafe, true);
      assert.equal(
        res.body.summary.reason,
        'Nothing to roll back to yet: orders and web have no version deployed before the current one',
      );
      const one = await ask('pacticipant=orders');
      assert.equal(one.body.summary.rollbackable, false);
      assert.deepEqual(
        one.body.reasons
          .filter((r: { id: string }) => r.id === 'no-prior')
          .map((r: { pacticipant: string }) => r.pacticipant),
        ['orders'],
      );
      assert.deepEqual(
        res.body.pacticipants.map((p: { verdict: string }) => p.verdict),
        ['no-prior', 'no-prior'],
      );
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

describe('can-i-rollback answers after writes (answer cache)', () => {
  it('never serves a cached answer once deployments, verifications or environments change', async () => {
    const b = await startTestBroker();
    try {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
      const ask = () => b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      assert.equal((await ask()).body.summary.rollbackable, true);
      assert.equal((await ask()).body.summary.rollbackable, true);
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: false });
      assert.equal((await ask()).body.summary.rollbackable, false, 'a new verification is seen');
      await b.td.undeploy({ pacticipant: 'web', environment: 'production' });
      assert.equal((await ask()).body.summary.rollbackable, true, 'an undeployment is seen');
      const env = (await b.api.get('/environments?name=staging')).body;
      assert.equal(env._embedded.environments.length, 0);
      await b.td.environment('staging');
      assert.equal((await b.api.get('/can-i-rollback?environment=staging')).status, 200);
      const uuid = (await b.api.get('/environments?name=staging')).body._embedded.environments[0].uuid;
      assert.equal((await b.api.delete(`/environments/${uuid}`)).status, 204);
      assert.equal(
        (await b.api.get('/can-i-rollback?environment=staging')).status,
        400,
        'a deleted environment is unknown again',
      );
    } finally {
      await b.destroy();
    }
  });
});
