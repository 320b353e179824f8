import assert from 'node:assert/strict';
import { parseNestedQuery } from '../../../broker/src/http/rack-query.ts';

describe('Rack parse_nested_query', () => {
  it('groups q[][...] in order: a repeated key starts a new element', () => {
    const q = parseNestedQuery(
      'q[][pacticipant]=web&q[][version]=1.0.0&q[][pacticipant]=orders&q[][latest]=true&q[][tag]=main&latestby=cvpv',
    );
    assert.deepEqual(JSON.parse(JSON.stringify(q)), {
      q: [
        { pacticipant: 'web', version: '1.0.0' },
        { pacticipant: 'orders', latest: 'true', tag: 'main' },
      ],
      latestby: 'cvpv',
    });
  });

  it('pairs a version given before its pacticipant with the element it falls into (order dependent)', () => {
    const q = parseNestedQuery('q[][version]=1&q[][pacticipant]=A&q[][version]=2&q[][pacticipant]=B');
    assert.deepEqual(JSON.parse(JSON.stringify(q.q)), [
      { version: '1', pacticipant: 'A' },
      { version: '2', pacticipant: 'B' },
    ]);
  });

  it('decodes %2e, %20 and + in keys and values, and encoded brackets', () => {
    const q = parseNestedQuery('q%5B%5D%5Bpacticipant%5D=web+app&q[][version]=1%2e2%2e3&q[][pacticipant]=b%20c');
    assert.deepEqual(JSON.parse(JSON.stringify(q.q)), [
      { pacticipant: 'web app', version: '1.2.3' },
      { pacticipant: 'b c' },
    ]);
  });

  it('keeps arrays (success[]), plain keys, keys without values, and nested hashes', () => {
    const q = parseNestedQuery('success[]=true&success[]=&flag&a[b][c]=1&ignore[]=Baz');
    assert.deepEqual(JSON.parse(JSON.stringify(q)), {
      success: ['true', ''],
      flag: null,
      a: { b: { c: '1' } },
      ignore: ['Baz'],
    });
  });

  it('rejects malformed escapes and type clashes as validation errors', () => {
    assert.throws(() => parseNestedQuery('q[][pacticipant]=%zz'), /invalid %-encoding/);
    assert.throws(() => parseNestedQuery('a=1&a[]=2'), /expected an array/);
  });
});
