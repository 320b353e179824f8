import assert from 'node:assert/strict';
import { buildMatrix } from '../../../broker/src/gate/matrix/index.ts';
import type { MatrixWorld, PairEvidence } from '../../../broker/src/gate/matrix/types.ts';

/** Foo 1 has a pact (content 100) with Bar; Bar 10 is in production. */
function world(verified?: boolean): MatrixWorld {
  return {
    query: {
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      ignore: [],
      destination: { kind: 'environment', environment: 'production' },
      latestby: 'cvpv',
    },
    specified: [
      { selector: { pacticipant: 'Foo', version: '1' }, versions: [{ id: 1, pacticipant: 'Foo', number: '1' }] },
    ],
    specifiedPublications: [
      {
        consumer: 'Foo',
        consumerVersionId: 1,
        consumerVersion: '1',
        provider: 'Bar',
        pactVersionId: 100,
        sha: 'abc',
        createdAt: '2026-01-01T00:00:00Z',
      },
    ],
    consumersOf: { Foo: [] },
    ignore: [],
    inferred: { Bar: [{ id: 10, pacticipant: 'Bar', number: '10' }] },
    anyConsumerVersions: {},
    publications: [],
    verifications:
      verified === undefined
        ? []
        : [
            {
              id: 5,
              pactVersionId: 100,
              providerVersionId: 10,
              providerVersion: '10',
              success: verified,
              verifiedAt: '2026-01-02T00:00:00Z',
            },
          ],
  };
}

describe('matrix gate: injectable pair evidence', () => {
  const asked: unknown[] = [];
  const openapi =
    (verdict: 'compatible' | 'incompatible'): PairEvidence =>
    (pair) => {
      asked.push(pair);
      return { verdict, evidence: 'openapi', reasons: [{ id: 'openapi-compared', text: `static ${verdict}` }] };
    };

  it('without a verification and without evidence, a row is unknown with evidence "none"', () => {
    const r = buildMatrix(world());
    assert.equal(r.summary.deployable, null);
    assert.equal(r.rows[0].evidence, 'none');
  });

  it('asks pairEvidence for a row without a verification (consumer version, pact version, provider version)', () => {
    asked.length = 0;
    const r = buildMatrix(world(), { pairEvidence: openapi('compatible') });
    assert.equal(r.summary.deployable, true);
    assert.equal(r.rows[0].evidence, 'openapi');
    assert.deepEqual(asked, [
      {
        consumer: 'Foo',
        consumerVersionId: 1,
        consumerVersion: '1',
        provider: 'Bar',
        providerVersionId: 10,
        providerVersion: '10',
        pactVersionId: 100,
      },
    ]);
  });

  it('a verification result always wins over other evidence, in both directions', () => {
    asked.length = 0;
    assert.equal(buildMatrix(world(false), { pairEvidence: openapi('compatible') }).summary.deployable, false);
    assert.equal(buildMatrix(world(true), { pairEvidence: openapi('incompatible') }).summary.deployable, true);
    assert.equal(asked.length, 0, 'not even asked');
    assert.equal(buildMatrix(world(true)).rows[0].evidence, 'verification');
  });

  it('the latest verification per (pact version, provider version) decides', () => {
    const w = world(false);
    w.verifications.push({
      id: 6,
      pactVersionId: 100,
      providerVersionId: 10,
      providerVersion: '10',
      success: true,
      verifiedAt: '2026-01-03T00:00:00Z',
    });
    assert.equal(buildMatrix(w).summary.deployable, true);
  });
});
