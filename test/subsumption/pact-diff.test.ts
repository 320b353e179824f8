import assert from 'node:assert/strict';
import { diffPacts, formatPactDiff } from '../../contracts/src/pact-diff/index.ts';
import { http, httpPact, rule } from './support/pacts.ts';

const order = { id: 1, items: [{ sku: 'a' }] };

describe('diffPacts', () => {
  it('lists, per interaction, what the consumer now asks for and no longer asks for', () => {
    const oldPact = httpPact(
      http({ body: order, rules: { '$.items': rule({ match: 'type', min: 1 }) } }),
      http({ description: 'cancel order', request: { method: 'DELETE' }, status: 204 }),
    );
    const newPact = httpPact(
      http({
        body: { id: 1, status: 'paid', items: [{ sku: 'a' }] },
        rules: { '$.items': rule({ match: 'type', min: 1 }), '$.id': rule({ match: 'integer' }) },
      }),
      http({ description: 'list orders', request: { path: '/orders' }, body: [] }),
    );
    const diff = diffPacts(oldPact, newPact);
    assert.deepEqual(
      diff.interactions.map((i) => [i.interaction, i.change]),
      [
        ['get order', 'changed'],
        ['list orders', 'added'],
        ['cancel order', 'removed'],
      ],
    );
    const get = diff.interactions[0];
    assert.deepEqual(get.asksNow, [
      { element: 'response.body $.id', expectation: 'integer, like 1' },
      { element: 'response.body $.status', expectation: 'equals "paid"' },
    ]);
    assert.deepEqual(get.noLongerAsks, [{ element: 'response.body $.id', expectation: 'equals 1' }]);
    assert.ok(
      diff.interactions[2].noLongerAsks.some((r) => r.element === 'request' && r.expectation === 'DELETE /orders/1'),
    );
  });

  it('says so when nothing changed', () => {
    const p = httpPact(http({ body: order }));
    const diff = diffPacts(p, p);
    assert.deepEqual(
      diff.interactions.map((i) => i.change),
      ['unchanged'],
    );
    assert.equal(
      formatPactDiff(diff),
      'Pact web -> orders\n  no change in what the consumer asks for\n(1 interaction(s) unchanged)\n',
    );
  });

  it('formats additions with + and removals with -', () => {
    const text = formatPactDiff(diffPacts(httpPact(http({ body: { id: 1 } })), httpPact(http({ body: { id: 2 } }))));
    assert.equal(
      text,
      [
        'Pact web -> orders',
        '~ get order (changed)',
        '    + response.body $.id: equals 2',
        '    - response.body $.id: equals 1',
        '',
      ].join('\n'),
    );
  });
});
