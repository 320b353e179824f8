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
