/**
 * `allEach` (storage/sql.ts): independent SELECTs in one round trip on PostgreSQL (json_agg), one after the other on
 * SQLite. The rows must be what `all` returns for each query, on both stores: same values and types, same order,
 * empty lists as empty, parameters in the right places.
 */
import assert from 'node:assert/strict';
import { all, allEach, type Program } from '../../broker/src/storage/sql.ts';
import { observed } from '../support/store-spies.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

const counted = <T>(program: Program<T>, count: { statements: number }): Program<T> =>
  observed(program, () => count.statements++);

for (const adapter of adapters()) {
  describe(`allEach [${adapter}]`, () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .publishPact({ consumer: 'app', version: '2', provider: 'orders' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
    });
    after(async () => b.destroy());

    const queries: [string, (string | number)[]][] = [
      [
        'SELECT id, name, main_branch, created_at FROM pacticipants WHERE name IN (?, ?) ORDER BY name DESC',
        ['web', 'orders'],
      ],
      ['SELECT id, name FROM pacticipants WHERE name = ?', ['nobody']],
      [
        'SELECT v.number, COUNT(*) AS n, d.undeployed_at FROM deployed_versions d JOIN versions v ON v.id = d.version_id WHERE v.number = ? GROUP BY v.number, d.undeployed_at',
        ['1'],
      ],
    ];

    it('returns what `all` returns for each query, in order, with the parameters in their places', async () => {
      const one = await b.deps.store.read(function* () {
        const out = [];
        for (const [sql, params] of queries) out.push(yield* all(sql, params));
        return out;
      });
      const count = { statements: 0 };
      const each = await b.deps.store.read(() => counted(allEach(queries), count));
      assert.deepEqual(each, one);
      assert.deepEqual(
        each[0].map((r) => r.name),
        ['web', 'orders'],
      );
      assert.deepEqual(each[1], []);
      assert.deepEqual(each[2], [{ number: '1', n: 1, undeployed_at: null }]);
      // One round trip on PostgreSQL; one statement per query in process.
      assert.equal(count.statements, adapter === 'postgres' ? 1 : queries.length);
    });
  });
}
