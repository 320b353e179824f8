// A is the consumer's previous pact, B its current one (verified by the provider):
// A subsumed by B means the provider that satisfied B satisfies A too.
import assert from 'node:assert/strict';
import { isSubsumed } from '../../contracts/src/subsumption/index.ts';
import { http, httpPact, message, messagePact, rule } from './support/pacts.ts';

const order = { id: 1, total: 9.5, items: [{ sku: 'a' }] };
const byType = {
  '$.id': rule({ match: 'type' }),
  '$.total': rule({ match: 'type' }),
  '$.items': rule({ match: 'type', min: 1 }),
};

describe('isSubsumed', () => {
  it('holds when the consumer adds an interaction', () => {
    const a = httpPact(http({ body: order, rules: byType }));
    const b = httpPact(
      http({ body: order, rules: byType }),
      http({ description: 'list orders', request: { path: '/orders' }, body: [] }),
    );
    assert.deepEqual(isSubsumed(a, b), { subsumed: true });
  });

  it('holds when the consumer adds a field', () => {
    const a = httpPact(http({ body: order, rules: byType }));
    const b = httpPact(http({ body: { ...order, status: 'paid' }, rules: byType }));
    assert.deepEqual(isSubsumed(a, b), { subsumed: true });
  });

  it('holds when the consumer tightens a matcher (type to exact value, number to integer)', () => {
    const a = httpPact(http({ body: order, rules: { ...byType, '$.id': rule({ match: 'number' }) } }));
    const b = httpPact(
      http({ body: order, rules: { '$.id': rule({ match: 'integer' }), '$.items': rule({ match: 'type', min: 2 }) } }),
    );
    assert.deepEqual(isSubsumed(a, b), { subsumed: true });
  });

  it('fails when the consumer loosens a matcher (exact value to type)', () => {
    const a = httpPact(http({ body: order }));
    const b = httpPact(http({ body: order, rules: byType }));
    const r = isSubsumed(a, b);
    assert.equal(r.subsumed, false);
    assert.deepEqual(r, {
      subsumed: false,
      interaction: 'get order',
      element: 'response.body $.id',
      reasonId: 'value-not-implied',
      reason: "the other pact accepts values (like 1) that this pact's expectation (equals 1) may reject",
    });
  });

  it('fails when a list minimum is loosened', () => {
    const a = httpPact(http({ body: order, rules: { ...byType, '$.items': rule({ match: 'type', min: 2 }) } }));
    const b = httpPact(http({ body: order, rules: byType }));
    assert.deepEqual(isSubsumed(a, b), {
      subsumed: false,
      interaction: 'get order',
      element: 'response.body $.items',
      reasonId: 'length-not-implied',
      reason: 'the other pact accepts lists of 1 to any number of element(s), this pact needs 2 to any number of',
    });
  });

  it('accepts regexes only when identical', () => {
    const withRegex = (re: string) =>
      httpPact(http({ body: { code: 'AB12' }, rules: { '$.code': rule({ match: 'regex', regex: re }) } }));
    assert.deepEqual(isSubsumed(withRegex('[A-Z]+\\d+'), withRegex('[A-Z]+\\d+')), { subsumed: true });
    const r = isSubsumed(withRegex('[A-Z]+\\d+'), withRegex('[A-Z]{2}\\d{2}'));
    assert.equal(r.subsumed === false && r.reasonId, 'value-not-implied');
  });

  it('fails when a provider state changes, naming the interaction', () => {
    const r = isSubsumed(httpPact(http({ body: order })), httpPact(http({ body: order, state: 'an order was paid' })));
    assert.deepEqual(r, {
      subsumed: false,
      interaction: 'get order',
      element: 'request',
      reasonId: 'no-counterpart',
      reason: 'no interaction of the other pact has the same provider states and the same request',
    });
  });

  it('fails when the request body changes, and ignores header-name case and query order', () => {
    const req = (body: unknown) => ({
      method: 'POST',
      path: '/orders',
      body,
      headers: { 'Content-Type': 'application/json' },
      query: 'a=1&b=2',
    });
    const a = httpPact(http({ request: req({ sku: 'a' }), body: order }));
    const changed = httpPact(http({ request: req({ sku: 'b' }), body: order }));
    assert.equal(isSubsumed(a, changed).subsumed, false);
    const reordered = httpPact(
      http({
        request: { ...req({ sku: 'a' }), headers: { 'content-type': 'application/json' }, query: 'b=2&a=1' },
        body: order,
      }),
    );
    assert.deepEqual(isSubsumed(a, reordered), { subsumed: true });
  });

  it('fails when the status changes or a required header is dropped', () => {
    assert.equal(
      isSubsumed(httpPact(http({ body: order })), httpPact(http({ body: order, status: 201 }))).subsumed,
      false,
    );
    const withHeader = httpPact(http({ body: order, headers: { 'X-Version': '2' } }));
    const r = isSubsumed(withHeader, httpPact(http({ body: order })));
    assert.equal(r.subsumed === false && r.element, 'response.header.X-Version');
  });

  it('proves messages the same way: metadata and contents', () => {
    const a = messagePact(message({ contents: { id: 1 }, rules: { '$.id': rule({ match: 'type' }) } }));
    const b = messagePact(
      message({
        contents: { id: 1, at: 'now' },
        rules: { '$.id': rule({ match: 'integer' }) },
        metadata: { topic: 'orders' },
      }),
    );
    assert.deepEqual(isSubsumed(a, b), { subsumed: true });
    const r = isSubsumed(b, a);
    assert.equal(r.subsumed, false);
    assert.equal(r.subsumed === false && r.element, 'message.metadata.topic');
    const renamed = messagePact(message({ description: 'order placed', contents: { id: 1 } }));
    assert.equal(isSubsumed(a, renamed).subsumed, false);
  });

  it('is unsure, so not subsumed, about non-JSON bodies that differ', () => {
    const xml = (body: string) => httpPact(http({ headers: { 'Content-Type': 'application/xml' }, body }));
    assert.deepEqual(isSubsumed(xml('<a>1</a>'), xml('<a>1</a>')), { subsumed: true });
    const r = isSubsumed(xml('<a>1</a>'), xml('<a>2</a>'));
    assert.equal(r.subsumed === false && r.reasonId, 'body-not-comparable');
  });
});
