/**
 * Declared requirements (issue 21), over HTTP on both stores: a version declares it needs another pacticipant at or
 * above a version (semver, or the order on the other's main branch) or within a semver range. can-i-rollback takes
 * each as evidence `declared`: it makes a lockstep pair where no pact exists, and never turns a failing or unknown
 * pact pair into a compatible one.
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`declared requirements [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
    });
    afterEach(async () => b.destroy());

    const verdicts = async () => {
      const res = await b.api.get('/can-i-rollback?environment=production');
      assert.equal(res.status, 200, res.text);
      return Object.fromEntries(
        res.body.pacticipants.map((p: { name: string; verdict: string; requires: string[] }) => [
          p.name,
          `${p.verdict}${p.requires.length ? ` with ${p.requires.join(',')}` : ''}`,
        ]),
      );
    };

    it('declares, replaces, lists and deletes a requirement; refuses what is not one', async () => {
      await b.td.version({ pacticipant: 'ledger', version: '1.0.0' });
      const url = '/pacticipants/billing/versions/3.1.0/requirements/ledger';
      const created = await b.api.put(url, { atLeast: '2.0.0' });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(
        { requires: created.body.requires, atLeast: created.body.atLeast },
        { requires: 'ledger', atLeast: '2.0.0' },
      );
      assert.equal((await b.api.put(url, { atLeast: '2.0.0' })).status, 200);
      const replaced = await b.api.put(url, { range: '^2.1.0' });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.body.range, '^2.1.0');
      assert.equal(replaced.body.atLeast, undefined);
      const list = await b.api.get('/pacticipants/billing/versions/3.1.0/requirements');
      assert.deepEqual(
        list.body._embedded.requirements.map((r: { requires: string; range: string }) => [r.requires, r.range]),
        [['ledger', '^2.1.0']],
      );
      for (const body of [{}, { atLeast: '1', range: '^1' }, { range: 'not a range !!' }]) {
        const res = await b.api.put(url, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      }
      assert.equal(
        (await b.api.put('/pacticipants/billing/versions/3.1.0/requirements/nobody', { atLeast: '1' })).status,
        404,
      );
      assert.equal((await b.api.delete(url)).status, 204);
      assert.equal((await b.api.get(url)).status, 404);
      const actions = (await b.api.get('/audit')).body._embedded.entries.map((e: { action: string }) => e.action);
      assert.ok(
        actions.includes('requirement.recorded') && actions.includes('requirement.deleted'),
        actions.join(', '),
      );
    });

    it('makes a lockstep pair where no pact exists', async () => {
      // billing 2.0.0 and ledger 2.0.0 were released together; they share a table, and no pact says so.
      await b.td
        .environment('production')
        .deploy({ pacticipant: 'ledger', version: '1.0.0', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '1.0.0', environment: 'production' })
        .deploy({ pacticipant: 'ledger', version: '2.0.0', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '2.0.0', environment: 'production' });
      assert.deepEqual(await verdicts(), { billing: 'independent', ledger: 'independent' });
      // Each needs the other at 2.0.0 or later: declared both ways.
      await b.api.put('/pacticipants/billing/versions/2.0.0/requirements/ledger', { atLeast: '2.0.0' });
      await b.api.put('/pacticipants/ledger/versions/2.0.0/requirements/billing', { atLeast: '2.0.0' });
      assert.deepEqual(await verdicts(), {
        billing: 'needs-companions with ledger',
        ledger: 'needs-companions with billing',
      });
      const set = await b.api.get('/can-i-rollback?environment=production&pacticipant=ledger');
      assert.equal(set.body.summary.rollbackable, false);
      const pair = set.body.pairs.find((p: { verdict: string }) => p.verdict === 'incompatible');
      assert.equal(pair.evidence, 'declared');
      assert.match(
        pair.reasons[0].message,
        /billing 2\.0\.0 declares it requires ledger at least 2\.0\.0: 1\.0\.0 is not/,
      );
      const both = await b.api.get('/can-i-rollback?environment=production&pacticipant=ledger&pacticipant=billing');
      assert.equal(both.body.summary.rollbackable, true, both.text);
    });

    it('a declared requirement and a failing verification: incompatible (the pact evidence decides)', async () => {
      await b.td
        .environment('production')
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'an old order' }),
        })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'a new order' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '5', success: false })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '5', success: true })
        .deploy({ pacticipant: 'orders', version: '5', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
      // web 1 declares it works with any orders from 5: the failing verification still decides.
      await b.api.put('/pacticipants/web/versions/1/requirements/orders', { atLeast: '5' });
      const a = await b.api.get('/can-i-rollback?environment=production&pacticipant=web');
      assert.equal(a.body.summary.rollbackable, false);
      const pair = a.body.pairs.find((p: { consumer: { version: string } }) => p.consumer.version === '1');
      assert.deepEqual([pair.verdict, pair.evidence], ['incompatible', 'verification']);
      // The matrix page shows the declaration beside the pact cells, evaluated against the provider versions shown.
      const matrix = await b.api.get('/ui/matrix/provider/orders/consumer/web', { accept: 'text/html' });
      assert.equal(matrix.status, 200);
      assert.match(matrix.text, /<h2>Declared requirements<\/h2>/);
      assert.match(
        matrix.text,
        /web <code>1<\/code> requires orders at least 5: .*compatible as declared<\/span> <code>5<\/code>/s,
      );
    });

    it('the service graph draws a declared requirement as its own edge, with its state in the environment', async () => {
      await b.td
        .environment('production')
        .deploy({ pacticipant: 'ledger', version: '1.0.0', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '2.0.0', environment: 'production' });
      await b.api.put('/pacticipants/billing/versions/2.0.0/requirements/ledger', { atLeast: '2.0.0' });
      const page = await b.api.get('/ui/graph?environment=production', { accept: 'text/html' });
      assert.equal(page.status, 200);
      const edge =
        /<g class="edge (e-\w+) declared" data-c="billing-[^"]*" data-p="ledger-[^"]*"><title>([^<]*)<\/title>/.exec(
          page.text,
        );
      assert.ok(edge, 'a declared edge from billing to ledger');
      assert.equal(edge[1], 'e-bad');
      assert.match(
        edge[2],
        /declared requirement: billing 2\.0\.0 declares it requires ledger at least 2\.0\.0: ledger 1\.0\.0 is incompatible/,
      );
      assert.match(page.text, /\(declared requirement\)/);
    });

    it('compares non-semver versions by their order on the main branch, and says when it cannot tell', async () => {
      await b.td
        .environment('production')
        .version({ pacticipant: 'ledger', version: 'a1f3', branch: 'main' })
        .version({ pacticipant: 'ledger', version: 'b7c2', branch: 'main' })
        .deploy({ pacticipant: 'ledger', version: 'a1f3', environment: 'production' })
        .deploy({ pacticipant: 'ledger', version: 'b7c2', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: 'e9d0', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: 'f00d', environment: 'production' });
      await b.api.put('/pacticipants/billing/versions/f00d/requirements/ledger', { atLeast: 'b7c2' });
      assert.deepEqual(await verdicts(), { billing: 'independent', ledger: 'needs-companions with billing' });
      const set = await b.api.get('/can-i-rollback?environment=production&pacticipant=ledger');
      const pair = set.body.pairs.find((p: { verdict: string }) => p.verdict !== 'compatible');
      assert.deepEqual([pair.verdict, pair.provider.version], ['incompatible', 'a1f3']);
      // A version that is not on ledger's main branch cannot be placed: unknown, never compatible.
      await b.api.put('/pacticipants/billing/versions/f00d/requirements/ledger', { atLeast: 'zzzz' });
      const unknown = await b.api.get('/can-i-rollback?environment=production&pacticipant=ledger');
      assert.equal(unknown.body.summary.rollbackable, false, unknown.text);
      const undecided = unknown.body.pairs.find(
        (p: { provider: { version: string } }) => p.provider.version === 'a1f3',
      );
      assert.equal(undecided.verdict, 'unknown');
      assert.match(undecided.reasons[0].message, /cannot be told/);

      // ledger puts zzzz on its main branch by publishing a pact from it (deployed nowhere): both ledger versions in
      // play now come before it, so the requirement is unmet, and the next answer says so (nothing kept says otherwise).
      await b.td.publishPact({ consumer: 'ledger', version: 'zzzz', provider: 'audit', branch: 'main' });
      const placed = await b.api.get('/can-i-rollback?environment=production&pacticipant=ledger');
      const now = placed.body.pairs.find((p: { provider: { version: string } }) => p.provider.version === 'a1f3');
      assert.equal(now.verdict, 'incompatible', placed.text);
    });
  });
}
