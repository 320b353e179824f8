/**
 * A matrix read's round trips (issue 15: PostgreSQL within 2x of SQLite). On PostgreSQL every statement is a round
 * trip, and at 15,000 versions can-i-deploy's 14 took more time than their work; the reads the gate needs together
 * go together (repositories/matrix-rounds.ts, storage/sql.ts `allEach`). The count must not grow with the number of
 * consumers and providers in play, and the answer must not change.
 */
import assert from 'node:assert/strict';
import { matrixRead } from '../../../broker/src/domain/reads.ts';
import { MAX_SELECTORS, parseCanIDeployQuery, parseMatrixQuery } from '../../../broker/src/gate/matrix/index.ts';
import { observed } from '../../support/store-spies.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`matrix read round trips [${adapter}]`, () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      const td = b.td.environment('production');
      // Two providers asked about, both at version 2 and deployed among their counterparts: orders has 6 consumers
      // and 6 providers, billing 2 of each; every pair verified but one of each.
      const world = (service: string, n: number, verified: (i: number) => boolean) => {
        for (let i = 1; i <= n; i++) {
          td.publishPact({ consumer: `${service}-client-${i}`, version: '1', provider: service })
            .publishPact({ consumer: service, version: '2', provider: `${service}-dep-${i}` })
            .verify({
              consumer: service,
              version: '2',
              provider: `${service}-dep-${i}`,
              providerVersion: '1',
              success: true,
            })
            .deploy({ pacticipant: `${service}-client-${i}`, version: '1', environment: 'production' })
            .deploy({ pacticipant: `${service}-dep-${i}`, version: '1', environment: 'production' });
          if (verified(i))
            td.verify({
              consumer: `${service}-client-${i}`,
              version: '1',
              provider: service,
              providerVersion: '2',
              success: true,
            });
        }
      };
      // The unverified pairs' provider has an OpenAPI document, so the static evidence is read too.
      const document = { openapi: '3.0.3', info: { title: 'api', version: '2' }, paths: {} };
      td.providerContract({ provider: 'orders', version: '2', document, success: true });
      td.providerContract({ provider: 'billing', version: '2', document, success: true });
      world('orders', 6, (i) => i !== 6);
      world('billing', 2, (i) => i !== 2);
      await td;
    });
    after(async () => b.destroy());

    async function canIDeploy(pacticipant: string) {
      const { query, problems } = parseCanIDeployQuery({ pacticipant, version: '2', environment: 'production' });
      assert.deepEqual(problems, []);
      const statements: string[] = [];
      const listing = await b.deps.store.read(() =>
        observed(matrixRead.program(query), (op) =>
          statements.push(typeof op.sql === 'string' ? op.sql : op.sql.sqlite),
        ),
      );
      return { listing, statements };
    }

    it('asks as many statements with 12 counterparts as with 4, and 7 on PostgreSQL', async () => {
      const orders = await canIDeploy('orders');
      const billing = await canIDeploy('billing');
      assert.equal(orders.listing.rowCount, 12);
      // orders-client-6 1 has no verification by orders 2: unknown, not no.
      assert.equal(orders.listing.summary.deployable, null);
      assert.equal(billing.listing.rowCount, 4);
      assert.equal(billing.listing.summary.deployable, null);
      assert.equal(orders.statements.length, billing.statements.length);
      if (adapter === 'postgres') assert.equal(orders.statements.length, 7, orders.statements.join('\n\n'));
    });
  });
}

describe('matrix selectors per query', () => {
  it('takes MAX_SELECTORS, and says so past it (the first round reads them all in one statement)', () => {
    const q = (n: number) => Array.from({ length: n }, (_, i) => ({ pacticipant: `service-${i}`, latest: 'true' }));
    assert.deepEqual(parseMatrixQuery({ q: q(MAX_SELECTORS) }).problems, []);
    assert.deepEqual(parseMatrixQuery({ q: q(MAX_SELECTORS + 1) }).problems, [
      { path: 'q', message: `Please provide at most ${MAX_SELECTORS} version selectors.` },
    ]);
  });
});
