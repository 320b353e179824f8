import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate } from '../../bench/openapi/gen.ts';
import { ContractError } from '../../contracts/src/errors.ts';
import { InProcessComparator } from '../../contracts/src/openapi/comparator/in-process.ts';
import { ComparatorPool } from '../../contracts/src/openapi/comparator/pool.ts';
import type { Verdict } from '../../contracts/src/openapi/comparator/types.ts';
import { until } from '../support/wait.ts';
import { getInteraction, itemDocument, pactFor } from './support/documents.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('ComparatorPool (worker threads)', function () {
  // A safety net, not a claim: the slowest test takes 10 s alone, near 60 s beside three other test files under load.
  this.timeout(120_000);
  let pool: ComparatorPool;
  afterEach(() => pool?.close());

  it('gives the same verdict as the in-process adapter', async () => {
    pool = new ComparatorPool({ size: 1 });
    const { pact, oas } = generate({ paths: 20, interactions: 40, seed: 7 });
    const viaPool = await pool.compare(pact, oas);
    const inProcess = await new InProcessComparator().compare(pact, oas);
    assert.equal(viaPool.result, 'incompatible');
    assert.deepEqual(viaPool, inProcess);
  });

  it('refuses a malformed pact with a ContractError carrying the problems (a 4xx)', async () => {
    pool = new ComparatorPool({ size: 1 });
    await assert.rejects(pool.compare({ consumer: { name: 'c' } }, itemDocument()), (err: unknown) => {
      assert.ok(err instanceof ContractError);
      assert.deepEqual(
        err.problems.map((p) => p.path),
        ['$.provider.name', '$.interactions'],
      );
      return true;
    });
    // ... and something that is no document at all is refused before any worker is involved.
    await assert.rejects(pool.compare(pactFor([]), 42), ContractError);
    assert.equal(pool.stats().busy, 0);
  });

  it('answers unknown with the reason for a document the engine cannot read', async () => {
    pool = new ComparatorPool({ size: 1 });
    const v = await pool.compare(pactFor([getInteraction('/a')]), { openapi: '4.0.0', paths: {} });
    assert.equal(v.result, 'unknown');
    assert.match(v.reason!, /cannot read this document/);
  });

  it('answers unknown "timed out after N ms" for a comparison over its limit, and keeps serving', async () => {
    pool = new ComparatorPool({ size: 1 });
    // A cold compare of 200 paths / 300 interactions takes seconds (schema compilation).
    const big = generate({ paths: 200, interactions: 300 });
    const v = await pool.compare(big.pact, big.oas, { timeoutMs: 50 });
    assert.equal(v.result, 'unknown');
    assert.equal(v.reason, 'timed out after 50 ms');
    assert.equal(v.reasonCode, 'engine.timed-out');
    assert.deepEqual(
      pool.stats(),
      { workers: 0, busy: 0, queued: 0 },
      'the overrunning worker was stopped, not waited for',
    );
    // The overrunning worker was replaced: the next comparison is answered.
    const next = await pool.compare(pactFor([getInteraction('/items/1', 200, { id: 1 })]), itemDocument());
    assert.equal(next.result, 'compatible');
  });

  it('answers unknown when a comparison exceeds the worker heap limit', async () => {
    pool = new ComparatorPool({ size: 1, maxOldGenerationSizeMb: 24 });
    const big = generate({ paths: 200, interactions: 300, refDepth: 50 });
    const v = await pool.compare(big.pact, big.oas, { timeoutMs: 30_000 });
    assert.equal(v.result, 'unknown');
    assert.equal(v.reasonCode, 'engine.out-of-memory');
    assert.equal(v.reason, 'the comparison ran out of memory (limit 24 MB)');
  });

  it('runs concurrent comparisons on several workers and answers each one', async () => {
    pool = new ComparatorPool({ size: 2 });
    const pacts = [1, 2, 3, 4].map((n) =>
      pactFor([getInteraction(`/items/${n}`, 200, { id: n % 2 ? n : 'not a number' })]),
    );
    const verdicts = await Promise.all(pacts.map((p) => pool.compare(p, itemDocument())));
    assert.deepEqual(
      verdicts.map((v) => v.result),
      ['compatible', 'incompatible', 'compatible', 'incompatible'],
    );
    assert.ok(pool.stats().workers <= 2);
  });

  it('answers pending comparisons unknown when closed', async () => {
    pool = new ComparatorPool({ size: 1 });
    const big = generate({ paths: 100, interactions: 100 });
    const pending: Promise<Verdict>[] = [pool.compare(big.pact, big.oas), pool.compare(big.pact, big.oas)];
    // Closed while the first comparison is in a worker and the second waits for one.
    await until('a comparison to be in a worker', () => pool.stats().busy === 1, { intervalMs: 5 });
    await pool.close();
    for (const v of await Promise.all(pending)) assert.equal(v.reasonCode, 'pool.closed');
    assert.equal((await pool.compare(pactFor([]), itemDocument())).reasonCode, 'pool.closed');
  });

  it('starts its workers under plain tsx too (not only under mocha)', async () => {
    const { stdout } = await promisify(execFile)(
      `${ROOT}node_modules/.bin/tsx`,
      ['test/contracts/support/pool-smoke.ts'],
      { cwd: ROOT },
    );
    const v = JSON.parse(stdout) as Verdict;
    assert.equal(v.result, 'incompatible');
    assert.equal(v.findings[0].code, 'response.body.incompatible');
  });
});
