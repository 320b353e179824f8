import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from '../../../broker/src/storage/sql.ts';
import { run as runCli } from '../../cli/support.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/openapi/orders-versions/${name}`, import.meta.url), 'utf8'));

interface Change {
  rule: string;
  level: string;
  method?: string;
  path?: string;
  field?: string;
  usedBy: { consumer: string; version: string }[];
}

/**
 * Issue 20: rolling a provider back from 2.0.0 to 1.0.0 removes `GET /orders` and the order's fields `status` and
 * `trackingUrl`. The consumer web's pact reads `status`; no pact reads `trackingUrl` or calls `GET /orders`.
 */
for (const adapter of adapters()) {
  describe(`can-i-rollback warns about the API a provider's rollback removes (${adapter})`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    const world = async () => {
      await b.td
        .environment('production')
        .providerContract({ provider: 'orders', version: '1.0.0', document: fixture('v1.json'), branch: 'main' })
        .deploy({ pacticipant: 'orders', version: '1.0.0', environment: 'production' })
        .providerContract({ provider: 'orders', version: '2.0.0', document: fixture('v2.json'), branch: 'main' })
        .deploy({ pacticipant: 'orders', version: '2.0.0', environment: 'production' })
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ path: '/orders/7', responseBody: { id: 7, status: 'PAID' } }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2.0.0', success: true })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
    };

    it('names each removed endpoint and field, the field a pact uses with its consumer, the others as used by no pact', async () => {
      await world();
      await settleEvidence(b.deps.store);
      const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      assert.equal(res.status, 200, res.text);
      const warning = res.body.warnings.find((w: { id: string }) => w.id === 'api-removed-on-rollback');
      assert.ok(warning, `no api-removed-on-rollback warning in ${res.text}`);
      assert.deepEqual(
        [warning.provider, warning.from, warning.to, warning.status],
        ['orders', '2.0.0', '1.0.0', 'computed'],
      );
      const byField = new Map<string, Change>(
        warning.changes.map((c: Change) => [c.field ?? `${c.method} ${c.path}`, c]),
      );
      assert.deepEqual(byField.get('status')?.usedBy, [{ consumer: 'web', version: '1' }]);
      assert.equal(byField.get('status')?.level, 'ERR');
      assert.deepEqual(byField.get('trackingUrl')?.usedBy, []);
      assert.equal(byField.get('trackingUrl')?.rule, 'response-optional-property-removed');
      assert.deepEqual(byField.get('GET /orders')?.usedBy, []);
      assert.equal(byField.size, 3);
      assert.match(warning.message, /Rolling orders back from 2\.0\.0 to 1\.0\.0 removes/);
      assert.match(warning.message, /field status \(ERR [^)]*used by the pact of web 1\)/);
      assert.match(warning.message, /field trackingUrl \(WARN [^)]*no known consumer pact uses it\)/);
      // The pair web 1 -> orders 1.0.0 is decided by its own evidence (none here: unknown), not by the warning.
      const pair = res.body.pairs.find((p: { consumer: { name: string } }) => p.consumer.name === 'web');
      assert.equal(pair.verdict, 'unknown');
      // `rollgate can-i-rollback` prints it among the warnings.
      const cli = await runCli(['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders'], {
        ROLLGATE_BROKER_BASE_URL: b.url,
      });
      assert.match(cli.out, /! Rolling orders back from 2\.0\.0 to 1\.0\.0 removes or breaks parts of its API/);
      assert.match(cli.out, /field status \(ERR response-required-property-removed; used by the pact of web 1\)/);
    });

    it('while the diff is not stored, the warning says it is pending and lists nothing (unknown, not "nothing removed")', async () => {
      await world();
      await settleEvidence(b.deps.store);
      await b.deps.store.write(() => run('DELETE FROM openapi_changes'));
      const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      const warning = res.body.warnings.find((w: { id: string }) => w.id === 'api-removed-on-rollback');
      assert.deepEqual([warning.status, warning.changes], ['pending', []]);
      assert.match(warning.message, /not computed yet/);
    });

    it('the any-subset answer (no pacticipant) gives each provider rollback the same warning, naming used and unused fields', async () => {
      await world();
      // billing's prior document is the same as its current one: its rollback removes nothing, so no warning.
      await b.td
        .providerContract({ provider: 'billing', version: '1', document: fixture('v2.json'), branch: 'main' })
        .deploy({ pacticipant: 'billing', version: '1', environment: 'production' })
        .providerContract({ provider: 'billing', version: '2', document: fixture('v2.json'), branch: 'main' })
        .deploy({ pacticipant: 'billing', version: '2', environment: 'production' });
      await settleEvidence(b.deps.store);
      const res = await b.api.get('/can-i-rollback?environment=production');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        res.body.apiWarnings.map((w: { provider: string }) => w.provider),
        ['orders'],
      );
      const [warning] = res.body.apiWarnings;
      assert.deepEqual(
        [warning.id, warning.from, warning.to, warning.status],
        ['api-removed-on-rollback', '2.0.0', '1.0.0', 'computed'],
      );
      const byField = new Map<string, Change>(
        warning.changes.map((c: Change) => [c.field ?? `${c.method} ${c.path}`, c]),
      );
      assert.deepEqual(byField.get('status')?.usedBy, [{ consumer: 'web', version: '1' }]);
      assert.deepEqual(byField.get('trackingUrl')?.usedBy, []);
      // The same warning, word for word, as asking about orders alone.
      const targeted = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
      assert.deepEqual(
        warning,
        targeted.body.warnings.find((w: { id: string }) => w.id === 'api-removed-on-rollback'),
      );
      // The summary keeps it small: counts and a one-line message, no change list.
      const summary = await b.api.get('/can-i-rollback?environment=production&detail=summary');
      assert.deepEqual(
        summary.body.apiWarnings.map((w: Record<string, unknown>) => [w.provider, w.status, w.changes, w.used]),
        [['orders', 'computed', 3, 1]],
      );
      assert.match(summary.body.apiWarnings[0].message, /removes or breaks 3 parts of its API \(1 used by a known/);
      // `of=` keeps the warnings of the services named.
      assert.deepEqual((await b.api.get('/can-i-rollback?environment=production&of=web')).body.apiWarnings, []);
      // The CLI prints it; the environment page counts it and shows the first.
      const cli = await runCli(['can-i-rollback', '--environment', 'production'], { ROLLGATE_BROKER_BASE_URL: b.url });
      assert.match(
        cli.out,
        /API a rollback removes \(1\):\n {2}! Rolling orders back from 2\.0\.0 to 1\.0\.0 removes or breaks 3 parts/,
      );
      const page = await (await fetch(`${b.url}/ui/environments/production`)).text();
      assert.match(page, /Rolling back 1 provider removes or breaks parts of its API/);
      assert.match(page, /<li>Rolling orders back from 2\.0\.0 to 1\.0\.0 removes or breaks 3 parts/);
    });

    it('the any-subset answer says pending while the diff is not stored, and answers with the changes once it is stored', async () => {
      await world();
      await settleEvidence(b.deps.store);
      await b.deps.store.write(() => run('DELETE FROM openapi_changes'));
      const pending = await b.api.get('/can-i-rollback?environment=production');
      assert.deepEqual(
        pending.body.apiWarnings.map((w: Record<string, unknown>) => [w.provider, w.status, w.changes]),
        [['orders', 'pending', []]],
      );
      assert.match(pending.body.apiWarnings[0].message, /not computed yet/);
      const cli = await runCli(['can-i-rollback', '--environment', 'production'], { ROLLGATE_BROKER_BASE_URL: b.url });
      assert.match(
        cli.out,
        /! What rolling orders back from 2\.0\.0 to 1\.0\.0 removes from its API is not computed yet/,
      );
      // Asking for that diff queues it; once stored, the same question answers with the changes.
      await b.api.get('/provider-contracts/provider/orders/version/1.0.0/changes?against=2.0.0');
      await settleEvidence(b.deps.store);
      const after = await b.api.get('/can-i-rollback?environment=production');
      assert.equal(after.body.apiWarnings[0].status, 'computed');
      assert.equal(after.body.apiWarnings[0].changes.length, 3);
    });

    it('a long list of changes is capped at 25 (pact-used first) unless detail=full', async () => {
      const op = (k: number) => ({
        get: { responses: { '200': { description: `thing ${k}` } } },
      });
      const doc = (n: number) => ({
        openapi: '3.0.3',
        info: { title: 'things', version: String(n) },
        paths: Object.fromEntries(Array.from({ length: n }, (_, k) => [`/things${k}`, op(k)])),
      });
      await b.td
        .environment('production')
        .providerContract({ provider: 'things', version: '1', document: doc(1), branch: 'main' })
        .deploy({ pacticipant: 'things', version: '1', environment: 'production' })
        .providerContract({ provider: 'things', version: '2', document: doc(31), branch: 'main' })
        .deploy({ pacticipant: 'things', version: '2', environment: 'production' })
        .publishPact({
          consumer: 'app',
          version: '1',
          provider: 'things',
          pact: (p) => p.withInteraction({ path: '/things30', responseBody: { ok: true } }),
        })
        .deploy({ pacticipant: 'app', version: '1', environment: 'production' });
      await settleEvidence(b.deps.store);
      const capped = (await b.api.get('/can-i-rollback?environment=production')).body.apiWarnings[0];
      assert.equal(capped.changes.length, 25);
      assert.equal(capped.moreChanges, 5);
      assert.equal(capped.changes[0].path, '/things30', 'the change a pact uses comes first');
      assert.match(capped.message, /and 5 more \(detail=full lists them\)/);
      const full = (await b.api.get('/can-i-rollback?environment=production&detail=full')).body.apiWarnings[0];
      assert.equal(full.changes.length, 30);
      assert.equal(full.moreChanges, undefined);
      const set = await b.api.get('/can-i-rollback?environment=production&pacticipant=things');
      const w = set.body.warnings.find((x: { id: string }) => x.id === 'api-removed-on-rollback');
      assert.deepEqual([w.changes.length, w.moreChanges], [25, 5]);
    });

    it('rolling back the consumer (no document) gives no API warning', async () => {
      await world();
      await b.td.publishPact({ consumer: 'web', version: '2', provider: 'orders' }).deploy({
        pacticipant: 'web',
        version: '2',
        environment: 'production',
      });
      await settleEvidence(b.deps.store);
      const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=web');
      assert.equal(res.status, 200, res.text);
      assert.ok(!res.body.warnings.some((w: { id: string }) => w.id === 'api-removed-on-rollback'));
    });
  });
}
