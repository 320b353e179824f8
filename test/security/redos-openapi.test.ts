/**
 * Catastrophic patterns in OpenAPI documents (issue 16): the comparator's engine runs `pattern` with RE2 in its
 * worker; a pattern only JavaScript can run is bounded by the comparison's time budget (unknown, with its reason);
 * and comparisons are taken round-robin by provider, so one provider's slow documents never queue another's.
 */
import assert from 'node:assert/strict';
import { ComparatorPool } from '../../contracts/src/openapi/comparator/pool.ts';
import { getInteraction, pactFor } from '../contracts/support/documents.ts';

const docWithPattern = (pattern: string) => ({
  openapi: '3.0.3',
  info: { title: 'Codes', version: '1' },
  paths: {
    '/codes/{n}': {
      get: {
        parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'a code',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { code: { type: 'string', pattern } } },
              },
            },
          },
        },
      },
    },
  },
});
const evilPact = (n: number) => pactFor([getInteraction(`/codes/${n}`, 200, { code: `${'a'.repeat(34)}!` })]);

describe('OpenAPI patterns and fair comparisons', function () {
  this.timeout(120_000);
  let pool: ComparatorPool;
  afterEach(() => pool?.close());

  it('runs a catastrophic pattern (^(a+)+$ against 34 a and a !) in linear time inside the engine', async () => {
    pool = new ComparatorPool({ size: 1 });
    // Start the worker first: its start is not the comparison's time.
    await pool.compare(pactFor([getInteraction('/codes/0', 200, { code: 'aa' })]), docWithPattern('^a+$'));
    const t0 = Date.now();
    const v = await pool.compare(evilPact(1), docWithPattern('^(a+)+$'), { timeoutMs: 30_000 });
    const ms = Date.now() - t0;
    assert.equal(v.result, 'incompatible', JSON.stringify(v));
    assert.ok(ms < 5_000, `${ms} ms`);
    const ok = await pool.compare(
      pactFor([getInteraction('/codes/2', 200, { code: 'aaaa' })]),
      docWithPattern('^(a+)+$'),
    );
    assert.equal(ok.result, 'compatible', JSON.stringify(ok));
  });

  it("takes comparisons round-robin by provider: three slow ones of A delay B's by one budget at most", async () => {
    pool = new ComparatorPool({ size: 1 });
    await pool.compare(pactFor([getInteraction('/codes/0', 200, { code: 'aa' })]), docWithPattern('^a+$'));
    // Lookahead: RE2 cannot run it, so JavaScript backtracks until the budget stops it.
    const slow = docWithPattern('^(?=a)(a+)+$');
    const done: string[] = [];
    const track = (name: string, p: Promise<{ result: string; reasonCode?: string }>) =>
      p.then((v) => {
        done.push(name);
        return v;
      });
    const a = [1, 2, 3].map((i) =>
      track(`A${i}`, pool.compare(evilPact(i), slow, { timeoutMs: 1_500, group: 'provider-a' })),
    );
    const b = track(
      'B',
      pool.compare(pactFor([getInteraction('/codes/9', 200, { code: 'aaa' })]), docWithPattern('^a+$'), {
        timeoutMs: 30_000,
        group: 'provider-b',
      }),
    );
    const results = await Promise.all([...a, b]);
    assert.deepEqual(done, ['A1', 'B', 'A2', 'A3']);
    for (const v of results.slice(0, 3)) {
      assert.equal(v.result, 'unknown');
      assert.equal(v.reasonCode, 'engine.timed-out');
    }
    assert.equal(results[3].result, 'compatible');
  });
});
