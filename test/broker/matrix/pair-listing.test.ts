/**
 * The matrix between a few pacticipants, every version of each (the history of a pair; `/matrix/provider/P/consumer/C`
 * by cvpv), is counted and paged in SQL (issue 15: domain/matrix/pair-listing.ts). Its answer must be the one built
 * from the whole world (gather.ts `worldListing`), on random histories: pacts republished with other content (a new
 * revision), content shared by consumer versions, verifications repeated (superseded rows), failed ones with test
 * results, a provider without a version, names the locale holds equal, and every combination of latestby, success[],
 * limit and page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { matrixEvidenceSource } from '../../../broker/src/domain/evidence/matrix-source.ts';
import { matrixListing, worldListing } from '../../../broker/src/domain/matrix/gather.ts';
import { isPairQuery } from '../../../broker/src/domain/matrix/pair-listing.ts';
import { parseMatrixQuery } from '../../../broker/src/gate/matrix/index.ts';
import type { MatrixQuery } from '../../../broker/src/gate/matrix/types.ts';
import { observed } from '../../support/store-spies.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const FAILED_RESULTS = JSON.parse(
  readFileSync(new URL('../../../fixtures/verification-results/pact-js-17-failed.json', import.meta.url), 'utf8'),
);

const arbStep = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      consumer: fc.constantFrom(0, 1, 2, 4, 5),
      provider: fc.nat(3),
      version: fc.integer({ min: 1, max: 4 }),
      content: fc.nat(2),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('verify' as const),
      // Which pact published so far it verifies (p3's are never verified).
      target: fc.nat(),
      providerVersion: fc.integer({ min: 1, max: 3 }),
      success: fc.boolean(),
      withResults: fc.boolean(),
    }),
  },
);

const arbQuery = fc.record({
  pacticipants: fc.constantFrom([0, 1], [1, 0], [0, 1, 2], [0, 0, 1], [1, 3], [2, 0], [5, 4, 1], [4, 5, 0, 2]),
  latestby: fc.constantFrom(undefined, 'cvpv' as const),
  success: fc.option(fc.subarray([true, false, null] as (boolean | null)[], { minLength: 1 }), { freq: 3 }),
  limit: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
  page: fc.option(fc.record({ offset: fc.integer({ min: 0, max: 8 }), size: fc.integer({ min: 1, max: 5 }) }), {
    freq: 3,
  }),
});

for (const adapter of adapters()) {
  describe(`the matrix between pacticipants, counted and paged in SQL [${adapter}]`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
    });
    after(async () => b.destroy());

    it('answers as the whole world does, on random histories and queries', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbStep, { minLength: 1, maxLength: 14 }),
          fc.array(arbQuery, { minLength: 3, maxLength: 3 }),
          async (steps, queries) => {
            // Each run its own pacticipants: the read touches only the ones it names. 4 and 5 are one name composed and
            // decomposed, which the locale holds equal: the matrix still orders them one way.
            const name = (i: number) => (i === 4 ? `r${run}-r\u00e9` : i === 5 ? `r${run}-re\u0301` : `r${run}-p${i}`);
            run++;
            const published: { consumer: number; version: number; provider: number }[] = [];
            for (const s of steps) {
              if (s.kind === 'publish') {
                await b.td.publishPact({
                  consumer: name(s.consumer),
                  version: String(s.version),
                  provider: name(s.provider),
                  pact: (p) => p.withInteraction({ path: `/c${s.content}` }),
                  allowModification: true,
                });
                if (s.provider !== 3) published.push(s);
              } else if (published.length) {
                const pact = published[s.target % published.length]!;
                await b.td.verify({
                  consumer: name(pact.consumer),
                  version: String(pact.version),
                  provider: name(pact.provider),
                  providerVersion: String(s.providerVersion),
                  success: s.success,
                  ...(s.withResults && !s.success ? { testResults: FAILED_RESULTS } : {}),
                });
              }
            }
            // Every pacticipant exists (a pact names both sides); p3 is only ever a provider, never verified.
            for (const c of [0, 1, 2, 4, 5])
              await b.td.publishPact({ consumer: name(c), version: '9', provider: name(3) });
            for (const q of queries) {
              const query: MatrixQuery = {
                selectors: q.pacticipants.map((i) => ({ pacticipant: name(i) })),
                ignore: [],
                destination: { kind: 'none' },
                ...(q.latestby ? { latestby: q.latestby } : {}),
                ...(q.success ? { success: q.success } : {}),
                ...(q.limit ? { limit: q.limit } : {}),
                ...(q.page ? { page: q.page } : {}),
              };
              assert.equal(isPairQuery(query), true);
              const fast = await b.deps.store.read(() => matrixListing(query, matrixEvidenceSource));
              const whole = await b.deps.store.read(() => worldListing(query, matrixEvidenceSource));
              assert.deepEqual(fast, whole, JSON.stringify(query));
            }
          },
        ),
        { numRuns: adapter === 'sqlite' ? 100 : 50 },
      );
    });

    it('serves the pair history and the pair endpoint from SQL, with the same rows over HTTP', async () => {
      await b.td
        .publishPact({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          pact: (p) => p.withInteraction({ path: '/a' }),
        })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          pact: (p) => p.withInteraction({ path: '/b' }),
        })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '7', success: false })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '7', success: true })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '7', success: false });
      const history = await b.api.get('/matrix?q[][pacticipant]=web&q[][pacticipant]=orders&pageSize=2');
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(
        history.body.matrix.map(
          (r: { consumer: { version: { number: string } }; verificationResult: { success: boolean } }) => [
            r.consumer.version.number,
            r.verificationResult.success,
          ],
        ),
        [
          ['2', false],
          ['1', true],
        ],
      );
      assert.equal(history.body.matrix[1].superseded, undefined);
      assert.deepEqual(
        [history.body.summary.success, history.body.summary.failed, history.body.summary.unknown],
        [1, 2, 0],
        'the answer counts every row, the superseded failure too, whatever the page',
      );
      assert.equal(history.body.page.totalElements, 3);
      const second = await b.api.get(history.body._links.next.href.replace(/^https?:\/\/[^/]+/, ''));
      assert.equal(second.body.matrix[0].superseded, true);
      const pair = await b.api.get('/matrix/provider/orders/consumer/web');
      assert.deepEqual([pair.body.summary.success, pair.body.summary.failed], [1, 1], 'by cvpv: the latest of each');
      // The read never lists every version of a side nor the verifications of every pact (the world's statements).
      const query = parseMatrixQuery({ q: [{ pacticipant: 'web' }, { pacticipant: 'orders' }] }).query;
      const statements: string[] = [];
      await b.deps.store.read(() =>
        observed(matrixListing(query, matrixEvidenceSource), (op) =>
          statements.push(typeof op.sql === 'string' ? op.sql : op.sql.sqlite),
        ),
      );
      assert.ok(statements.length > 0);
      for (const sql of statements) {
        assert.doesNotMatch(sql, /FROM versions WHERE pacticipant_id = \?/, 'every version of a side');
        assert.doesNotMatch(sql, /vr\.pact_version_id IN/, 'the verifications of every pact version');
      }
    });

    it('leaves other queries to the world: a version, a branch, a destination, ignore, one pacticipant', () => {
      const q = (p: Record<string, unknown>) => parseMatrixQuery(p).query;
      const two = [{ pacticipant: 'web' }, { pacticipant: 'orders' }];
      for (const other of [
        q({ q: [{ pacticipant: 'web', version: '1' }, { pacticipant: 'orders' }] }),
        q({ q: [{ pacticipant: 'web', branch: 'main' }, { pacticipant: 'orders' }] }),
        q({ q: two, latestby: 'cvp' }),
        q({ q: two, latest: 'true', tag: 'prod' }),
        q({ q: two, ignore: [{ pacticipant: 'orders' }] }),
        q({ q: [{ pacticipant: 'web' }] }),
        q({ q: [{ pacticipant: 'web' }, { pacticipant: 'web' }] }),
      ])
        assert.equal(isPairQuery(other), false, JSON.stringify(other));
    });
  });
}
