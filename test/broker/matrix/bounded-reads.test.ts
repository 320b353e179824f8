/**
 * can-i-deploy is a small read (issue 15): bounded by the version it names and its counterparts, it never queues for a
 * reader thread behind environment-wide reads (storage/named-read.ts `small`). The matrix's history, which grows with
 * every verification, is not one.
 */
import assert from 'node:assert/strict';
import { BOUNDED_SELECTORS, isBoundedMatrixQuery } from '../../../broker/src/domain/reads.ts';
import { parseCanIDeployQuery, parseMatrixQuery } from '../../../broker/src/gate/matrix/index.ts';
import { namedReadsDuring } from '../../support/store-spies.ts';
import { startTestBroker, type TestBroker } from '../../support/test-broker.ts';

describe('bounded matrix reads', () => {
  it('are the queries latest by pair with a few selectors, each naming a version, the latest or an environment', () => {
    const matrix = (q: Record<string, unknown>) => parseMatrixQuery(q).query;
    assert.equal(
      isBoundedMatrixQuery(parseCanIDeployQuery({ pacticipant: 'web', version: '1', environment: 'production' }).query),
      true,
    );
    assert.equal(isBoundedMatrixQuery(parseCanIDeployQuery({ pacticipant: 'web', to: 'prod' }).query), true);
    // The pact-broker CLI's can-i-deploy: GET /matrix?q[][pacticipant]=web&q[][version]=1&latestby=cvp&latest=true&...
    assert.equal(
      isBoundedMatrixQuery(matrix({ q: [{ pacticipant: 'web', version: '1' }], latestby: 'cvp', latest: 'true' })),
      true,
    );
    assert.equal(
      isBoundedMatrixQuery(matrix({ q: [{ pacticipant: 'web', version: '1' }, { pacticipant: 'orders' }] })),
      false,
      'the history of a pair',
    );
    assert.equal(
      isBoundedMatrixQuery(matrix({ q: [{ pacticipant: 'web' }, { pacticipant: 'orders' }], latestby: 'cvp' })),
      false,
      'every version of both',
    );
    const many = (n: number) =>
      matrix({ q: Array.from({ length: n }, (_, i) => ({ pacticipant: `svc-${i}`, version: '1' })), latestby: 'cvp' });
    assert.equal(isBoundedMatrixQuery(many(BOUNDED_SELECTORS)), true);
    assert.equal(isBoundedMatrixQuery(many(BOUNDED_SELECTORS + 1)), false, 'more selectors than a small read takes');
  });

  describe('over HTTP [sqlite, two reader threads]', () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter: 'sqlite', config: { readerThreads: 2 } });
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
    });
    after(async () => b.destroy());

    for (const [path, read] of [
      ['/can-i-deploy?pacticipant=web&version=1&environment=production', 'boundedMatrixRead'],
      ['/matrix?q[][pacticipant]=web&q[][version]=1&latestby=cvp&latest=true&tag=prod', 'boundedMatrixRead'],
      ['/matrix?q[][pacticipant]=web&q[][pacticipant]=orders', 'matrixRead'],
    ] as const)
      it(`${path} through ${read}`, async () => {
        const { names, result: res } = await namedReadsDuring(b.deps.store, () => b.api.get(path));
        assert.equal(res.status, 200, res.text);
        // The background's own reads (the evidence planner's) may be asked meanwhile: the request asked one.
        assert.deepEqual(
          names.filter((n) => n === 'matrixRead' || n === 'boundedMatrixRead'),
          [read],
        );
      });
  });
});
