import assert from 'node:assert/strict';
import { boundedMatrixRead, matrixRead, pactsForVerificationRead } from '../../broker/src/domain/reads.ts';
import { rollbackRead } from '../../broker/src/domain/rollback/answer.ts';
import { namedRead } from '../../broker/src/storage/named-read.ts';
import { PostgresStore } from '../../broker/src/storage/postgres/postgres-store.ts';
import { get } from '../../broker/src/storage/sql.ts';
import { adapters } from '../support/test-broker.ts';
import { freshDatabase, type AnyStore, type FreshDatabase } from './support.ts';

function* planCacheMode() {
  return (yield* get<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode"))!.mode;
}
const genericRead = namedRead(import.meta.url, 'genericRead', planCacheMode, { genericPlans: true });
const plainRead = namedRead(import.meta.url, 'plainRead', planCacheMode);

/**
 * PostgreSQL: a named read marked `genericPlans` (the gate reads: storage/named-read.ts) runs its prepared statements
 * with their generic plans, for its own transaction only: every other read and write keeps the server's choice.
 */
for (const adapter of adapters().filter((a) => a === 'postgres')) {
  describe(`generic plans for the gate reads [${adapter}]`, () => {
    let db: FreshDatabase;
    let store: AnyStore;
    before(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
    });
    after(async () => db.destroy());

    it('runs a genericPlans read with force_generic_plan, and nothing after it', async () => {
      for (let i = 0; i < 3; i++) {
        assert.equal(await store.readNamed(genericRead), 'force_generic_plan');
        assert.equal(await store.readNamed(plainRead), 'auto');
        assert.equal(await store.read(planCacheMode), 'auto');
        assert.equal(await store.write(planCacheMode), 'auto');
      }
    });

    it('leaves them to the server when statements are not prepared (a generic plan would be planned every time)', async () => {
      const unprepared = await PostgresStore.open(db.location, undefined, { preparedStatements: false });
      try {
        assert.equal(await unprepared.readNamed(genericRead), 'auto');
      } finally {
        await unprepared.close();
      }
    });

    it('is asked by the gate reads, whose generic plans the benchmark explains', () => {
      for (const read of [boundedMatrixRead, matrixRead, rollbackRead, pactsForVerificationRead])
        assert.equal(read.genericPlans, true, read.name);
    });
  });
}
