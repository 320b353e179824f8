/**
 * can-i-rollback reads what its answer uses, not the environment's deployment history (issue 15): each live
 * instance's current and prior version. Counted in statements and rows read while gathering, with a short and a
 * ten times longer history of the same services ending in the same deployments.
 */
import assert from 'node:assert/strict';
import { gatherRollbackWorld } from '../../../broker/src/domain/rollback/gather.ts';
import { KEPT_WORLDS } from '../../../broker/src/domain/rollback/world-memo.ts';
import { storeMemo, type Program } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

function* counted<T>(program: Program<T>, count: { statements: number; rows: number }): Program<T> {
  let step = program.next();
  while (!step.done) {
    const op = step.value;
    const result: unknown = yield op;
    if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') count.statements++;
    if (op.kind === 'all') count.rows += (result as unknown[]).length;
    if (op.kind === 'get' && result !== undefined) count.rows++;
    step = program.next(result);
  }
  return step.value;
}

for (const adapter of adapters()) {
  describe(`can-i-rollback gathering does not grow with the deployment history [${adapter}]`, function () {
    this.timeout(180_000);
    let b: TestBroker;
    afterEach(async () => b.destroy());

    /**
     * web, api and orders (web -> api -> orders), each deployed `rounds` times in production (versions 1..rounds,
     * with 1 redeployed in between, so the history repeats itself), api on two instances, ending at the same
     * current and prior versions whatever `rounds` is.
     */
    async function organisation(rounds: number) {
      // No rollback-safety evaluation: on PostgreSQL its read, interleaved with the one counted, could keep a world for it.
      b = await startTestBroker({ adapter, config: { rollbackSafety: false } });
      let td = b.td.environment('production');
      const versions = Array.from({ length: rounds }, (_, i) => String(i + 1));
      for (const v of ['1', ...versions.slice(-2)]) {
        td = td
          .publishPact({ consumer: 'web', version: v, provider: 'api' })
          .publishPact({ consumer: 'api', version: v, provider: 'orders' })
          .verify({ consumer: 'web', version: v, provider: 'api', providerVersion: v, success: true })
          .verify({ consumer: 'api', version: v, provider: 'orders', providerVersion: v, success: true });
      }
      for (const [i, v] of versions.entries()) {
        const order = i === versions.length - 1 ? [v] : ['1', v];
        for (const x of order) {
          td = td
            .deploy({ pacticipant: 'orders', version: x, environment: 'production' })
            .deploy({ pacticipant: 'api', version: x, environment: 'production', instance: 'blue' })
            .deploy({ pacticipant: 'api', version: x, environment: 'production', instance: 'green' })
            .deploy({ pacticipant: 'web', version: x, environment: 'production' });
        }
      }
      await td;
    }

    async function cost(q: Parameters<typeof gatherRollbackWorld>[0]) {
      const count = { statements: 0, rows: 0 };
      // A fresh read: the world the store keeps between questions (world-memo.ts) would hide what one costs.
      const world = await b.deps.store.read(function* () {
        (yield* storeMemo(KEPT_WORLDS)).clear();
        return yield* counted(gatherRollbackWorld(q), count);
      });
      return { count, units: world.units.map((u) => ({ name: u.name, current: u.instances.map((i) => i.current) })) };
    }

    it('reads the same statements and rows with 3 and with 30 deployments per instance, for the same answer', async () => {
      await organisation(3);
      const small = await cost({ environment: 'production' });
      const smallOne = await cost({ environment: 'production', targets: [{ pacticipant: 'web' }] });
      const smallAnswer = (await b.api.get('/can-i-rollback?environment=production&pacticipant=web')).body;
      await b.destroy();
      await organisation(30);
      const large = await cost({ environment: 'production' });
      const largeOne = await cost({ environment: 'production', targets: [{ pacticipant: 'web' }] });
      const largeAnswer = (await b.api.get('/can-i-rollback?environment=production&pacticipant=web')).body;
      assert.deepEqual(
        large.units,
        [
          { name: 'orders', current: ['30'] },
          { name: 'api', current: ['30', '30'] },
          { name: 'web', current: ['30'] },
        ],
        'the history ends at the same deployments',
      );
      assert.deepEqual(large, { ...small, units: large.units });
      assert.deepEqual(largeOne.count, smallOne.count);
      // Same shape of answer: web 30 -> 29 needs api and orders back to 29 (versions aside).
      assert.deepEqual(largeAnswer.targets, [{ pacticipant: 'web', from: '30', to: '29' }]);
      assert.deepEqual(smallAnswer.targets, [{ pacticipant: 'web', from: '3', to: '2' }]);
      assert.equal(largeAnswer.summary.rollbackable, smallAnswer.summary.rollbackable);
    });
  });
}
