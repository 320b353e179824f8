/**
 * Data migrations per version (issue 21), over HTTP on both stores: recording them (idempotent, never silently
 * changed), listing and deleting them, and what can-i-rollback makes of them: an irreversible migration a rollback
 * crosses blocks its pacticipant, reversible ones put their down steps into the plan.
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const MIGRATIONS = '/pacticipants/orders/versions/3/migrations';

for (const adapter of adapters()) {
  describe(`data migrations per version [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      // orders ran 1, 2, then 3 in production; web (no pacts) ran 1 then 2.
      await b.td
        .environment('production')
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '3', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
    });
    afterEach(async () => b.destroy());

    const verdicts = async () => {
      const res = await b.api.get('/can-i-rollback?environment=production');
      assert.equal(res.status, 200, res.text);
      return Object.fromEntries(
        res.body.pacticipants.map((p: { name: string; verdict: string }) => [p.name, p.verdict]),
      );
    };

    it('records a migration once: 201, the same body again 200, another body 409; lists and deletes it', async () => {
      const created = await b.api.put(`${MIGRATIONS}/drop-legacy`, { reversible: false });
      assert.equal(created.status, 201, created.text);
      assert.match(
        created.headers.get('location') ?? '',
        /\/pacticipants\/orders\/versions\/3\/migrations\/drop-legacy$/,
      );
      assert.deepEqual(
        { id: created.body.id, reversible: created.body.reversible, down: created.body.down },
        { id: 'drop-legacy', reversible: false, down: null },
      );
      assert.equal((await b.api.put(`${MIGRATIONS}/drop-legacy`, { reversible: false })).status, 200);
      const changed = await b.api.put(`${MIGRATIONS}/drop-legacy`, { reversible: true, down: 'make undo' });
      assert.equal(changed.status, 409, changed.text);
      assert.match(changed.text, /already has migration drop-legacy, irreversible; it cannot become reversible/);

      const reversible = await b.api.put(`${MIGRATIONS}/add-index`, { reversible: true, down: 'knex migrate:down' });
      assert.equal(reversible.status, 201, reversible.text);
      const list = await b.api.get(MIGRATIONS);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body._embedded.migrations.map((m: { id: string; down: string | null }) => [m.id, m.down]),
        [
          ['drop-legacy', null],
          ['add-index', 'knex migrate:down'],
        ],
      );

      assert.equal((await b.api.delete(`${MIGRATIONS}/drop-legacy`)).status, 204);
      assert.equal((await b.api.get(`${MIGRATIONS}/drop-legacy`)).status, 404);
      assert.equal((await b.api.delete(`${MIGRATIONS}/drop-legacy`)).status, 404);
      const audit = await b.api.get('/audit');
      const actions = audit.body._embedded.entries.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('migration.recorded') && actions.includes('migration.deleted'), actions.join(', '));
    });

    it('creates the version when it does not exist, as a tag does', async () => {
      const res = await b.api.put('/pacticipants/billing/versions/7.0.0/migrations/init', {
        reversible: true,
        down: 'psql -f down/init.sql',
      });
      assert.equal(res.status, 201, res.text);
      assert.equal((await b.api.get('/pacticipants/billing/versions/7.0.0')).status, 200);
    });

    it('refuses a body that does not say how to revert, naming the field, and stores nothing', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ reversible: true }, /"down":\["a reversible migration needs/],
        [{ reversible: false, down: 'undo' }, /"down":\["an irreversible migration has no/],
        [{ down: 'undo' }, /reversible/],
        [{ reversible: 'no' }, /reversible/],
      ];
      for (const [body, why] of cases) {
        const res = await b.api.put(`${MIGRATIONS}/m1`, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.text, why);
      }
      assert.equal((await b.api.get(`${MIGRATIONS}/m1`)).status, 404);
    });

    it('an irreversible migration blocks exactly its pacticipant, and the cached answer follows the write', async () => {
      assert.deepEqual(await verdicts(), { orders: 'independent', web: 'independent' });
      assert.equal((await b.api.put(`${MIGRATIONS}/drop-legacy`, { reversible: false })).status, 201);
      assert.deepEqual(await verdicts(), { orders: 'blocked', web: 'independent' });
      const set = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      assert.equal(set.body.summary.rollbackable, false);
      const reason = set.body.reasons.find((r: { id: string }) => r.id === 'irreversible-migration');
      assert.equal(reason.message, 'orders cannot roll back past 3: its migration drop-legacy is irreversible');
    });

    it('puts reversible down steps in the plan, newest first; a version never deployed here contributes none', async () => {
      await b.api.put('/pacticipants/orders/versions/2/migrations/add-index', {
        reversible: true,
        down: 'down add-index',
      });
      await b.api.put(`${MIGRATIONS}/split-name`, { reversible: true, down: 'down split-name' });
      await b.api.put('/pacticipants/orders/versions/4/migrations/never-here', { reversible: false });
      const one = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      assert.equal(one.body.summary.rollbackable, true, one.text);
      assert.deepEqual(one.body.plan[0].pacticipants[0].migrations, [
        { migration: 'split-name', version: '3', down: 'down split-name' },
      ]);
      const two = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders&steps=2');
      assert.deepEqual(
        two.body.plan[0].pacticipants[0].migrations.map((m: { migration: string }) => m.migration),
        ['split-name', 'add-index'],
      );
    });
  });
}
