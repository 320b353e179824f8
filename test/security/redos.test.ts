/**
 * Catastrophic regular expressions (issue 16): pact matching-rule regexes run in a linear-time engine (re2js); a
 * pattern it refuses (lookaround, backreferences) runs as a JavaScript RegExp in a worker with a hard time limit,
 * and a timeout is its own mismatch id, never a match.
 */
import assert from 'node:assert/strict';
import type { HttpResponse } from '../../contracts/src/pact/model.ts';
import { isSubsumed } from '../../contracts/src/subsumption/index.ts';
import { matchResponse } from '../../matchers/src/index.ts';
import { setRegexTimeLimit } from '../../matchers/src/regex/index.ts';
import { http, httpPact, rule } from '../subsumption/support/pacts.ts';

const withRegex = (regex: string): HttpResponse => ({
  status: 200,
  headers: {},
  body: { v: 'x' },
  matchingRules: { body: { '$.v': { combine: 'AND', matchers: [{ match: 'regex', regex }] } } },
});
const check = (regex: string, v: string) => matchResponse(withRegex(regex), { status: 200, headers: {}, body: { v } });
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

describe('Regular expressions in matching rules', function () {
  this.timeout(30_000);
  after(() => setRegexTimeLimit(1_000));

  it('runs a catastrophic pattern in linear time: ^(a+)+$ against 30 a and a !', () => {
    const [res, ms] = timed(() => check('^(a+)+$', `${'a'.repeat(30)}!`));
    assert.deepEqual(
      res.map((m) => m.id),
      ['regex-mismatch'],
    );
    assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
    const [big, bigMs] = timed(() => check('(x+x+)+y', 'x'.repeat(100_000)));
    assert.equal(big.length, 1);
    assert.ok(bigMs < 2_000, `${bigMs.toFixed(0)} ms`);
    assert.deepEqual(check('^(a+)+$', 'aaaa'), []);
  });

  it('keeps full-match semantics and reads JVM inline flags', () => {
    assert.deepEqual(
      check('alligator named .{4}', 'alligator named brent').map((m) => m.id),
      ['regex-mismatch'],
    );
    assert.deepEqual(check('\\d{3}-\\d{2}', '123-45'), []);
    assert.deepEqual(check('a|b', 'a'), []);
    assert.deepEqual(check('(?i)abc', 'ABC'), []);
    assert.deepEqual(check('[\\u00e9]+', 'éé'), []);
    assert.deepEqual(
      check('(', 'x').map((m) => m.id),
      ['invalid-matcher'],
    );
  });

  it('runs lookaround and backreferences as JavaScript in a worker, and a timeout is its own id, never a match', () => {
    assert.deepEqual(check('(?=.*\\d)\\w+', 'abc1'), []);
    assert.deepEqual(
      check('(?=.*\\d)\\w+', 'abc').map((m) => m.id),
      ['regex-mismatch'],
    );
    assert.deepEqual(check('(a)\\1', 'aa'), []);
    setRegexTimeLimit(300);
    const [res, ms] = timed(() => check('(?=a)(a+)+$', `${'a'.repeat(40)}!`));
    assert.deepEqual(
      res.map((m) => m.id),
      ['regex-timed-out'],
    );
    assert.match(res[0].message, /300 ms/);
    assert.ok(ms < 5_000, `${ms.toFixed(0)} ms`);
    // The next one gets a fresh worker and its answer.
    assert.deepEqual(check('(a)\\1', 'aa'), []);
  });

  it('a subsumption check over a catastrophic pattern ends quickly and proves nothing', () => {
    const a = httpPact(
      http({ body: { code: 'aaaa' }, rules: { '$.code': rule({ match: 'regex', regex: '^(a+)+$' }) } }),
    );
    const b = httpPact(http({ body: { code: `${'a'.repeat(32)}!` } }));
    const [res, ms] = timed(() => isSubsumed(a, b));
    assert.equal(res.subsumed, false);
    assert.ok(ms < 1_000, `${ms.toFixed(0)} ms`);
  });
});
