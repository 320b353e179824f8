import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { all } from '../../../broker/src/storage/sql.ts';
import { base64 } from '../../support/pact-builder.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, refused } from './support.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/openapi/orders-versions/${name}`, import.meta.url), 'utf8');
const V1 = fixture('v1.json');
const V2 = fixture('v2.json');

/** What `pactflow publish-provider-contract` sends. */
const body = (version: string, content: string, branch = 'main') => ({
  pacticipantVersionNumber: version,
  branch,
  contract: { content: base64(content), contentType: 'application/json', specification: 'oas' },
});
const publish = async (b: TestBroker, version: string, content: string, branch?: string) =>
  hal(await b.api.post('/provider-contracts/provider/orders/publish', body(version, content, branch)));
const changes = (version: string, against: string) =>
  `/provider-contracts/provider/orders/version/${version}/changes?against=${against}`;

type Finding = { id: string; level: string; location: { method?: string; path?: string }; message: string };

for (const adapter of adapters()) {
  describe(`OpenAPI changes between a provider's documents (${adapter})`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('publishing a second main-branch document computes its changes from the first in the background, both ways', async () => {
      await publish(b, '1.0.0', V1);
      await publish(b, '2.0.0', V2);
      await settleEvidence(b.deps.store);
      const rows = await b.deps.store.read(() => all<{ n: number }>('SELECT COUNT(*) AS n FROM openapi_changes'));
      assert.equal(rows[0].n, 2, 'both directions stored by the background job');

      // 1.0.0 -> 2.0.0 only adds: nothing breaks.
      const forward = hal(await b.api.get(changes('2.0.0', '1.0.0')));
      assert.equal(forward.status, 'computed');
      assert.equal(forward.breaking, false);
      assert.deepEqual(
        forward.findings.filter((f: Finding) => f.level !== 'INFO'),
        [],
      );

      // 2.0.0 -> 1.0.0 (a rollback) removes an endpoint and two response fields.
      const back = hal(await b.api.get(changes('1.0.0', '2.0.0')));
      assert.equal(back.status, 'computed');
      assert.equal(back.breaking, true);
      const seen = back.findings.map((f: Finding) => `${f.level} ${f.id} ${f.location.method} ${f.location.path}`);
      assert.deepEqual(seen.sort(), [
        'ERR api-path-removed-without-deprecation GET /orders',
        'ERR response-required-property-removed GET /orders/{id}',
        'WARN response-optional-property-removed GET /orders/{id}',
      ]);
      assert.ok(back.findings.some((f: Finding) => /'trackingUrl'/.test(f.message)));
      assert.deepEqual(back.summary, { ERR: 2, WARN: 1, INFO: 0 });
      assert.match(back._links['pb:against-provider-contract'].href, /version\/2\.0\.0$/);
    });

    it('a pair nothing planned is pending (no findings, breaking null), then computed on demand', async () => {
      // Two feature-branch versions: neither is on main nor deployed, so no publication plans their pair.
      await publish(b, '1.0.0', V1, 'feat-a');
      await publish(b, '2.0.0', V2, 'feat-b');
      await settleEvidence(b.deps.store);
      const first = hal(await b.api.get(changes('1.0.0', '2.0.0')));
      assert.equal(first.status, 'pending');
      assert.equal(first.breaking, null);
      assert.equal(first.findings, undefined, 'a pending answer lists no findings, so it cannot read as "no change"');
      await settleEvidence(b.deps.store);
      const then = hal(await b.api.get(changes('1.0.0', '2.0.0')));
      assert.equal(then.status, 'computed');
      assert.equal(then.breaking, true);
    });

    it('refuses a question without `against`, or about a version without a document, naming what is wrong', async () => {
      await publish(b, '1.0.0', V1);
      await refused(b, 400, () => b.api.get('/provider-contracts/provider/orders/version/1.0.0/changes'), /against/);
      await b.td.version({ pacticipant: 'orders', version: '3.0.0' });
      await refused(b, 400, () => b.api.get(changes('1.0.0', '3.0.0')), /against.*orders.*3\.0\.0/s);
      await refused(b, 404, () => b.api.get(changes('9.9.9', '1.0.0')), /9\.9\.9/);
    });
  });
}
