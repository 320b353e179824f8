import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ContractError } from '../../../contracts/src/errors.ts';
import { ComparatorPool, PoolTaskError } from '../../../contracts/src/openapi/comparator/index.ts';
import { parsePact } from '../../../contracts/src/pact/parse.ts';
import { isSubsumed } from '../../../contracts/src/subsumption/index.ts';
import { comparisonAnswer } from '../../../broker/src/domain/evidence/comparison-answer.ts';
import { findComparison } from '../../../broker/src/repositories/evidence.ts';
import { generate } from '../../../bench/openapi/gen.ts';
import { getInteraction, itemDocument, pactFor } from '../../contracts/support/documents.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { until as waitUntil } from '../../support/wait.ts';

const doc = (name: string) =>
  readFileSync(new URL(`../../../fixtures/openapi/orders/${name}`, import.meta.url), 'utf8');
const until = <T>(what: string, f: () => Promise<T | undefined>) => waitUntil(what, f, { timeoutMs: 30_000 });

/** The evidence work the HTTP thread hands to worker threads: texts in, answers out, same guard rails. */
describe('Comparator pool: stored texts and subsumption checks off the HTTP thread', function () {
  this.timeout(60_000);
  let pool: ComparatorPool | undefined;
  afterEach(async () => pool?.close());

  it('compares stored JSON texts as it compares objects, and leaves the texts as given', async () => {
    pool = new ComparatorPool({ size: 1 });
    const ok = pactFor([getInteraction('/items/1', 200, { id: 1 })]);
    const bad = pactFor([getInteraction('/items/1', 200, { id: 'x' })]);
    const documentText = JSON.stringify(itemDocument());
    for (const pact of [ok, bad]) {
      const viaText = await pool.compareText(JSON.stringify(pact), documentText, { documentHash: 'items' });
      const viaObjects = await pool.compare(pact, itemDocument());
      assert.deepEqual(viaText, viaObjects);
    }
    assert.equal(documentText, JSON.stringify(itemDocument()));
    assert.equal(
      (await pool.compareText(JSON.stringify(bad), documentText, { documentHash: 'items' })).result,
      'incompatible',
    );
  });

  it('refuses a malformed stored pact with a ContractError, and a document text that is no document too', async () => {
    pool = new ComparatorPool({ size: 1 });
    await assert.rejects(
      pool.compareText(JSON.stringify({ consumer: { name: 'c' } }), JSON.stringify(itemDocument())),
      ContractError,
    );
    await assert.rejects(pool.compareText(JSON.stringify(pactFor([])), '42'), ContractError);
  });

  it('checks subsumption in a worker with the same answer as in-process', async () => {
    pool = new ComparatorPool({ size: 1 });
    const small = pactFor([getInteraction('/items/1', 200, { id: 1 })]);
    const large = pactFor([getInteraction('/items/1', 200, { id: 1 }), getInteraction('/items/2', 200, { id: 2 })]);
    for (const [a, b] of [
      [small, large],
      [large, small],
    ]) {
      const inWorker = await pool.subsume(JSON.stringify(a), JSON.stringify(b));
      assert.deepEqual(inWorker, isSubsumed(parsePact(a), parsePact(b)));
    }
    assert.equal((await pool.subsume(JSON.stringify(small), JSON.stringify(large))).subsumed, true);
    assert.equal((await pool.subsume(JSON.stringify(large), JSON.stringify(small))).subsumed, false);
    await assert.rejects(pool.subsume(JSON.stringify({ consumer: {} }), JSON.stringify(small)), ContractError);
  });

  it('gives no subsumption answer past its time limit (PoolTaskError), and keeps serving', async () => {
    pool = new ComparatorPool({ size: 1 });
    const { pact } = generate({ paths: 200, interactions: 300, bad: 0, seed: 7 });
    const text = JSON.stringify(pact);
    await pool.subsume(text, text); // the worker is started and warm: the limit below is the check's own
    await assert.rejects(
      pool.subsume(text, text, { timeoutMs: 1 }),
      (e: unknown) => e instanceof PoolTaskError && e.reasonCode === 'engine.timed-out',
    );
    assert.equal((await pool.subsume(text, text)).subsumed, true);
  });

  it('answers pending subsumption checks with PoolTaskError pool.closed when closed', async () => {
    pool = new ComparatorPool({ size: 1 });
    const pending = assert.rejects(
      pool.subsume(JSON.stringify(pactFor([])), JSON.stringify(pactFor([]))),
      (e: unknown) => e instanceof PoolTaskError && e.reasonCode === 'pool.closed',
    );
    await pool.close();
    await pending;
    pool = undefined;
  });
});

for (const adapter of adapters()) {
  describe(`The comparison resource [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b?.destroy());

    it('serves the stored verdict with its findings exactly as stored, from one read', async () => {
      b = await startTestBroker({ adapter });
      await b.td
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          branch: 'main',
          pact: (p) => p.withInteraction({ path: '/orders/1' }),
        })
        .providerContract({
          provider: 'orders',
          version: '2',
          branch: 'main',
          document: doc('orders-v2-renamed-status.yaml'),
          success: true,
        });
      const sha = (await b.api.get('/pacts/provider/orders/consumer/web/version/1')).body._links['pb:pact-version']
        .name;
      // The document arrived after the pact: its publication queued the comparison.
      const url = `/pacts/provider/orders/consumer/web/pact-version/${sha}/comparison/provider-version/2`;
      const done = await until('the comparison', async () => {
        const res = await b.api.get(url);
        return res.body.status === 'done' ? res.body : undefined;
      });
      assert.equal(done.result, 'incompatible');
      const answer = await b.deps.store.read(() => comparisonAnswer('orders', 'web', sha, '2'));
      const stored = await b.deps.store.read(() => findComparison(sha, answer.document_sha));
      assert.deepEqual(done.findings, JSON.parse(stored!.findings));
      assert.ok(done.findings.length > 0);
      assert.equal(done.pactSha, sha);
      assert.equal(done.documentSha, stored!.document_sha);
      assert.deepEqual(done.engine, { name: stored!.engine_name, version: stored!.engine_version });
      assert.deepEqual(done.selfVerificationResults, { success: true });
    });

    it('says what is missing: the pact, the provider version, the document', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .providerContract({ provider: 'orders', version: '2', document: doc('orders-v1.yaml') })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '3', success: true });
      const sha = (await b.api.get('/pacts/provider/orders/consumer/web/version/1')).body._links['pb:pact-version']
        .name;
      const get = (s: string, v: string) =>
        b.api.get(`/pacts/provider/orders/consumer/web/pact-version/${s}/comparison/provider-version/${v}`);
      // Static evidence is off here, so nothing will compute it: it says so (issue 16), never "being computed".
      const pending = await get(sha, '2');
      assert.deepEqual(
        [pending.status, pending.body.status, pending.body.result, pending.body.findings],
        [200, 'not-queued', 'unknown', []],
      );
      const noPact = await get('0'.repeat(40), '2');
      assert.equal(noPact.status, 404);
      const noVersion = await get(sha, '9');
      assert.equal(noVersion.status, 404);
      const noDocument = await get(sha, '3');
      assert.equal(noDocument.status, 404);
      assert.match(JSON.stringify(noDocument.body), /has no OpenAPI document/);
      assert.equal(
        (await b.api.get(`/pacts/provider/nobody/consumer/web/pact-version/${sha}/comparison/provider-version/2`))
          .status,
        404,
      );
    });
  });
}
