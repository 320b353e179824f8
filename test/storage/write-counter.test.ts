/**
 * The per-store write counter (storage/write-counter.ts) and after-commit callbacks, on both adapters:
 * every data-changing write moves the counter by one inside its own transaction, bookkeeping and
 * failed writes do not, concurrent writers on PostgreSQL do not conflict over it, and compacting its
 * log never changes the count a reader sees.
 */
import assert from 'node:assert/strict';
import { enqueue } from '../../broker/src/queue/index.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import type { PostgresStore } from '../../broker/src/storage/postgres/postgres-store.ts';
import { afterCommit, get, run } from '../../broker/src/storage/sql.ts';
import { compactWriteLog, countsAsWrite, writeCount } from '../../broker/src/storage/write-counter.ts';
import { freshDatabase, storageAdapters, type AnyStore, type FreshDatabase } from './support.ts';

describe('write counter: which statements count', () => {
  it('counts inserts, updates and deletes of data tables, not of bookkeeping tables nor reads', () => {
    assert.equal(countsAsWrite('INSERT INTO pacticipants (name) VALUES (?)'), true);
    assert.equal(countsAsWrite('  update environments SET name = ? WHERE id = ?'), true);
    assert.equal(countsAsWrite('DELETE FROM versions WHERE id = ?'), true);
    assert.equal(countsAsWrite('INSERT OR IGNORE INTO tags (version_id, name) VALUES (?, ?)'), true);
    for (const table of ['jobs', 'outbox', 'audit_log', 'webhook_triggers', 'webhook_executions', 'write_log'])
      assert.equal(countsAsWrite(`INSERT INTO ${table} DEFAULT VALUES`), false, table);
    assert.equal(countsAsWrite('SELECT * FROM pacticipants'), false);
    assert.equal(countsAsWrite('SET TRANSACTION ISOLATION LEVEL READ COMMITTED'), false);
  });
});

for (const adapter of storageAdapters()) {
  describe(`write counter [${adapter}]`, function () {
    this.timeout(60_000);
    let db: FreshDatabase;
    let store: AnyStore;
    beforeEach(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
    });
    afterEach(async () => db.destroy());

    const count = async (s: AnyStore = store) => Number(await s.read(() => writeCount()));

    it('moves by one for each write that changed data: an insert, a rename, a delete', async () => {
      assert.equal(await count(), 0);
      await store.write(() => ensurePacticipant('web'));
      assert.equal(await count(), 1);
      await store.write(() => run("UPDATE pacticipants SET name = 'app' WHERE name = 'web'"));
      assert.equal(await count(), 2, 'a rename adds no row and changes no count, and still moves the counter');
      await store.write(() => run("DELETE FROM pacticipants WHERE name = 'app'"));
      assert.equal(await count(), 3);
      // Several changes in one transaction are one write.
      await store.write(function* () {
        yield* ensurePacticipant('a');
        yield* ensurePacticipant('b');
      });
      assert.equal(await count(), 4);
    });

    it('stays put for reads, writes that changed nothing, rolled-back writes and bookkeeping', async () => {
      await store.write(() => ensurePacticipant('web'));
      const start = await count();
      await store.read(() => get('SELECT * FROM pacticipants'));
      await store.write(() => ensurePacticipant('web')); // exists: inserts nothing
      await store.write(() => run("UPDATE pacticipants SET name = 'x' WHERE name = 'nobody'"));
      await assert.rejects(
        store.write(function* () {
          yield* ensurePacticipant('mobile');
          throw new Error('the request failed');
        }),
      );
      await store.write(() => enqueue('compare', 'k', {}));
      assert.equal(await count(), start);
    });

    it('is read in the same snapshot as the data: a reader sees the count of the writes it sees', async () => {
      for (let i = 0; i < 20; i++) await store.write(() => ensurePacticipant(`p${i}`));
      const writes = Array.from({ length: 20 }, (_, i) => store.write(() => ensurePacticipant(`q${i}`)));
      const reads = Array.from({ length: 20 }, () =>
        store.read(function* () {
          const n = Number(yield* writeCount());
          const rows = Number((yield* get<{ n: number }>('SELECT COUNT(*) AS n FROM pacticipants'))!.n);
          return { n, rows };
        }),
      );
      await Promise.all(writes);
      for (const r of await Promise.all(reads)) assert.equal(r.n, r.rows, JSON.stringify(r));
    });

    it('runs after-commit callbacks once the write committed, never for a rolled-back one', async () => {
      const seen: string[] = [];
      await store.write(function* () {
        yield* ensurePacticipant('web');
        yield* afterCommit(() => seen.push('committed'));
      });
      await assert.rejects(
        store.write(function* () {
          yield* afterCommit(() => seen.push('rolled back'));
          throw new Error('no');
        }),
      );
      assert.deepEqual(seen, ['committed']);
    });

    if (adapter === 'postgres') {
      it('lets concurrent writers from two instances commit without conflicting over the counter', async () => {
        const other = await db.open();
        const stores = [store, other] as PostgresStore[];
        const before = stores.map((s) => s.stats.retries);
        await Promise.all(
          Array.from({ length: 40 }, (_, i) => stores[i % 2]!.write(() => ensurePacticipant(`svc-${i}`))),
        );
        assert.deepEqual(
          stores.map((s, i) => s.stats.retries - before[i]!),
          [0, 0],
          'a shared counter row would have made the second of two concurrent writers retry',
        );
        assert.equal(await count(), 40);
        assert.equal(await count(other), 40);
      });
    }

    it('keeps the count when its log is compacted, also while writes commit', async () => {
      for (let i = 0; i < 10; i++) await store.write(() => ensurePacticipant(`p${i}`));
      const writes = Array.from({ length: 10 }, (_, i) => store.write(() => ensurePacticipant(`q${i}`)));
      const compactions = [store.write(() => compactWriteLog()), store.write(() => compactWriteLog())];
      await Promise.all([...writes, ...compactions]);
      assert.equal(await count(), 20);
      await store.write(() => compactWriteLog());
      assert.equal(await count(), 20, 'compacting changes no count');
      const log = await store.read(() => get<{ n: number }>('SELECT COUNT(*) AS n FROM write_log'));
      assert.equal(Number(log!.n), 0);
      await store.write(() => ensurePacticipant('after'));
      assert.equal(await count(), 21);
    });
  });
}
