/**
 * The evidence gaps of an environment (issue 19) on both stores, with what the 300-service browser test cannot show:
 * declared requirements (issue 21), alone and beside a pact, and several instances. The rows must be can-i-rollback's
 * "already broken" pairs, whatever makes them.
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

interface Gap {
  state: string;
  evidence: string;
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  pact: string | null;
}

for (const adapter of adapters()) {
  describe(`evidence gaps [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      await b.td
        .environment('production')
        // web -> orders: verified at orders 5, unknown at orders 6 (a second instance).
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'an order' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '5.0.0', success: true })
        .version({ pacticipant: 'orders', version: '6.0.0' })
        // mobile -> orders: verified, but mobile declares it needs orders at least 6: incompatible with orders 5.
        .publishPact({
          consumer: 'mobile',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ description: 'a list' }),
        })
        .verify({ consumer: 'mobile', version: '1', provider: 'orders', providerVersion: '5.0.0', success: true })
        .verify({ consumer: 'mobile', version: '1', provider: 'orders', providerVersion: '6.0.0', success: true })
        .version({ pacticipant: 'ledger', version: '1.0.0' })
        .version({ pacticipant: 'billing', version: '2.0.0' })
        .deploy({ pacticipant: 'orders', version: '5.0.0', environment: 'production', instance: 'eu' })
        .deploy({ pacticipant: 'orders', version: '6.0.0', environment: 'production', instance: 'us' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'mobile', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'ledger', version: '1.0.0', environment: 'production' })
        .deploy({ pacticipant: 'billing', version: '2.0.0', environment: 'production' });
      // billing needs ledger 2.0.0 (no pact between them); mobile needs orders at least 6 (beside its pact).
      assert.equal(
        (await b.api.put('/pacticipants/billing/versions/2.0.0/requirements/ledger', { atLeast: '2.0.0' })).status,
        201,
      );
      assert.equal(
        (await b.api.put('/pacticipants/mobile/versions/1/requirements/orders', { atLeast: '6.0.0' })).status,
        201,
      );
    });
    after(async () => b.destroy());

    const gaps = async (query = '') => {
      const res = await fetch(`${b.url}/ui/environments/production/gaps?format=json${query}`);
      assert.equal(res.status, 200);
      return (await res.json()) as { total: number; counts: Record<string, number>; livePairs: number; rows: Gap[] };
    };

    it("lists can-i-rollback's broken pairs: pact and declared evidence, each instance's version", async () => {
      const api = (await b.api.get('/can-i-rollback?environment=production')).body;
      const key = (c: string, cv: string, p: string, pv: string, v: string, e: string) =>
        [c, cv, p, pv, v, e].join(' ');
      const expected = api.warnings.map(
        (w: {
          consumer: { name: string; version: string };
          provider: { name: string; version: string };
          verdict: string;
          evidence: string;
        }) => key(w.consumer.name, w.consumer.version, w.provider.name, w.provider.version, w.verdict, w.evidence),
      );
      const g = await gaps();
      assert.deepEqual(
        g.rows
          .map((r) => key(r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.state, r.evidence))
          .sort(),
        [...expected].sort(),
      );
      // What the world holds, so the comparison above cannot pass on two empty lists.
      assert.deepEqual(
        g.rows.map((r) => key(r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.state, r.evidence)),
        [
          'billing 2.0.0 ledger 1.0.0 incompatible declared',
          'mobile 1 orders 5.0.0 incompatible declared',
          'web 1 orders 6.0.0 unknown none',
        ],
      );
      assert.equal(g.livePairs, 5, 'web and mobile with each orders instance, billing with ledger');
      assert.equal(g.rows[0]!.pact, null, 'no pact behind a declared requirement alone');
      assert.match(
        g.rows[1]!.pact!,
        /\/ui\/pacts\/provider\/orders\/consumer\/mobile\/version\/1\?providerVersion=5\.0\.0$/,
      );
    });

    it('filters by state, provider and consumer; refuses what is not a filter', async () => {
      assert.deepEqual(
        (await gaps('&state=unknown')).rows.map((r) => r.consumer),
        ['web'],
      );
      assert.deepEqual(
        (await gaps('&provider=orders')).rows.map((r) => r.consumer),
        ['mobile', 'web'],
      );
      assert.deepEqual(
        (await gaps('&consumer=billing&state=incompatible')).rows.map((r) => r.provider),
        ['ledger'],
      );
      const twice = await fetch(
        `${b.url}/ui/environments/production/gaps?format=json&state=unknown&state=incompatible`,
      );
      assert.equal(twice.status, 400);
      assert.match(await twice.text(), /state/);
      const format = await fetch(`${b.url}/ui/environments/production/gaps?format=xml`);
      assert.equal(format.status, 400);
      assert.deepEqual((await format.json()).errors, { format: ['must be one of html, csv, json'] });
      const page = await fetch(`${b.url}/ui/environments/production/gaps?page=0`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 400);
    });

    it('the pacticipant and matrix pages read this world on this store (their 300-service test runs on SQLite)', async () => {
      const page = async (path: string) => {
        const res = await fetch(`${b.url}${path}`, { headers: { accept: 'text/html' } });
        assert.equal(res.status, 200, path);
        return res.text();
      };
      const orders = await page('/ui/pacticipants/orders');
      for (const consumer of ['web', 'mobile']) assert.match(orders, new RegExp(`>${consumer}<`));
      assert.match(orders, /production/);
      const matrix = await page('/ui/matrix/provider/orders/consumer/web?live=1&state=unknown');
      assert.match(matrix, /6\.0\.0/);
    });

    it('exports a name a spreadsheet would run as a formula as text', async () => {
      const other = await startTestBroker({ adapter, config: { precompute: false } });
      try {
        await other.td
          .environment('production')
          .publishPact({ consumer: '=HYPERLINK("x")', version: '1', provider: 'orders' })
          .version({ pacticipant: 'orders', version: '1.0.0' })
          .deploy({ pacticipant: 'orders', version: '1.0.0', environment: 'production' })
          .deploy({ pacticipant: '=HYPERLINK("x")', version: '1', environment: 'production' });
        const res = await fetch(`${other.url}/ui/environments/production/gaps?format=csv`);
        assert.equal(res.status, 200);
        const text = await res.text();
        assert.match(text, /,"'=HYPERLINK\(""x""\)",/, text);
        assert.doesNotMatch(text, /(^|,)"?=/m);
      } finally {
        await other.destroy();
      }
    });
  });
}
