import assert from 'node:assert/strict';
import { RENDERED_BODIES, RENDERED_BODY_BYTES, RenderedBodies } from '../../broker/src/http/rendered-bodies.ts';

/** The kept response bodies (issue 15): made once per source answer, URL and request-time data; bounded. */
describe('rendered bodies', () => {
  const counting = () => {
    let calls = 0;
    return {
      render: (v: unknown) => () => {
        calls++;
        return v;
      },
      calls: () => calls,
    };
  };

  it('makes a body once for the same source and extra, again for another of either', () => {
    const c = new RenderedBodies();
    const r = counting();
    const answer = { a: 1 };
    const first = c.bodyFor('k', answer, '', r.render({ a: 1 }));
    assert.equal(c.bodyFor('k', answer, '', r.render({ a: 'never made' })).body, first.body, 'the same bytes');
    assert.equal(r.calls(), 1);
    assert.equal(c.bodyFor('k', answer, 'requested', r.render({ a: 2 })).body.toString(), '{"a":2}');
    assert.equal(
      c.bodyFor('k', { a: 1 }, 'requested', r.render({ a: 3 })).body.toString(),
      '{"a":3}',
      'another answer',
    );
    assert.equal(r.calls(), 3);
  });

  it('makes a body without keeping it when told the source will not be given again', () => {
    const c = new RenderedBodies();
    const r = counting();
    const answer = {};
    c.bodyFor('k', answer, '', r.render(1), false);
    c.bodyFor('k', answer, '', r.render(1), false);
    assert.equal(r.calls(), 2);
    assert.equal(c.cachedBytes, 0);
  });

  it('gives equal bodies equal ETags and different ones different', () => {
    const c = new RenderedBodies();
    const x = c.bodyFor('k1', {}, '', () => ({ a: 1 }));
    const y = c.bodyFor('k2', {}, '', () => ({ a: 1 }));
    const z = c.bodyFor('k3', {}, '', () => ({ a: 2 }));
    assert.equal(x.etag, y.etag);
    assert.notEqual(x.etag, z.etag);
    assert.match(x.etag, /^W\/"[0-9a-f]+-[A-Za-z0-9+/]+"$/);
  });

  it('keeps at most RENDERED_BODIES bodies and RENDERED_BODY_BYTES bytes, least recently used out first', () => {
    const answer = {};
    const c = new RenderedBodies();
    for (let i = 0; i <= RENDERED_BODIES; i++) c.bodyFor(`k${i}`, answer, '', () => i);
    const r = counting();
    c.bodyFor('k0', answer, '', r.render(0));
    assert.equal(r.calls(), 1, 'the oldest went');
    c.bodyFor(`k${RENDERED_BODIES}`, answer, '', r.render(0));
    assert.equal(r.calls(), 1, 'the newest stayed');

    const small = new RenderedBodies(10, 20);
    small.bodyFor('a', answer, '', () => 'x'.repeat(6)); // 8 bytes with its quotes
    small.bodyFor('b', answer, '', () => 'x'.repeat(6));
    small.bodyFor('a', answer, '', () => 'never made');
    small.bodyFor('c', answer, '', () => 'x'.repeat(6));
    assert.equal(small.cachedBytes, 16, 'b went to make room');
    small.bodyFor('huge', answer, '', () => 'x'.repeat(30));
    assert.equal(small.cachedBytes, 16, 'a body larger than the budget is not kept, nor pushes others out');
    assert.ok(RENDERED_BODY_BYTES >= 2 * 4 * 1024 * 1024, 'room for two any-subset answers at 300 services');
  });
});
