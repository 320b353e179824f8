import assert from 'node:assert/strict';
import type { HttpResponse } from '../../contracts/src/pact/model.ts';
import { matchResponse, parseSelector, pathWeight, RULES } from '../../matchers/src/index.ts';
import { parseXml } from '../../matchers/src/body/xml-parse.ts';

const response = (body: unknown, rules: HttpResponse['matchingRules'] = {}): HttpResponse => ({
  status: 200,
  headers: {},
  body,
  matchingRules: rules,
});

describe('matching engine', () => {
  it('weights selectors: exact tokens 2, wildcards 1, only prefixes of the path apply', () => {
    const w = (sel: string, path: string[]) => pathWeight(parseSelector(sel)!, path);
    assert.equal(w('$.a[*].b', ['$', 'a', '0', 'b']), 8);
    assert.equal(w('$.a[0].b', ['$', 'a', '0', 'b']), 16);
    assert.equal(w('$.a', ['$', 'a', '0', 'b']), 4);
    assert.equal(w('$.a.b.c', ['$', 'a', 'b']), 0);
    assert.equal(w("$['x y'].*", ['$', 'x y', 'z']), 4);
    assert.equal(parseSelector('$.a[oops'), null);
  });

  it('reports mismatches as catalogue ids with a path and rendered text', () => {
    const got = matchResponse(response({ a: 1, b: 'x' }), { status: 201, headers: {}, body: { a: 2 } });
    assert.deepEqual(got, [
      { id: 'status-mismatch', path: 'status', message: 'Expected status 200 but received 201' },
      { id: 'value-mismatch', path: '$.a', message: 'Expected 1 but received 2' },
      { id: 'key-missing', path: '$', message: "Expected key 'b' but it was missing" },
    ]);
  });

  it('renders rule failures from the catalogue', () => {
    const rules = { body: { '$.n': { combine: 'AND' as const, matchers: [{ match: 'integer' }] } } };
    assert.deepEqual(matchResponse(response({ n: 1 }, rules), { status: 200, headers: {}, body: { n: 'one' } }), [
      { id: 'integer-mismatch', path: '$.n', message: "Expected 'one' to be an integer" },
    ]);
  });

  it('registers every rule name once', () => {
    const names = [...RULES.keys()];
    assert.equal(new Set(names).size, names.length);
    for (const n of [
      'type',
      'regex',
      'equality',
      'include',
      'integer',
      'decimal',
      'number',
      'boolean',
      'null',
      'date',
      'time',
      'timestamp',
      'datetime',
      'min',
      'max',
      'minType',
      'maxType',
      'arrayContains',
      'eachKey',
      'eachValue',
      'values',
      'contentType',
      'semver',
      'statusCode',
      'notEmpty',
    ]) {
      assert.ok(RULES.has(n), n);
    }
  });

  it('reads XML with namespaces resolved, prefixes ignored', () => {
    const a = parseXml('<a:x xmlns:a="urn:1" a:k="v"><a:y>t &amp; u</a:y></a:x>');
    assert.equal(a.name, 'x');
    assert.equal(a.ns, 'urn:1');
    assert.deepEqual([...a.attributes], [['urn:1:k', 'v']]);
    assert.equal(a.children[0].text, 't & u');
    assert.throws(() => parseXml('<a><b></a>'), /expected <\/b>/);
  });
});
