import assert from 'node:assert/strict';
import { enqueue, Worker } from '../../broker/src/queue/index.ts';
import type { WriteOptions } from '../../broker/src/storage/port.ts';
import { get, type Program } from '../../broker/src/storage/sql.ts';
import { delegatingStore } from '../support/store-spies.ts';
import { freshDatabase, storageAdapters, type AnyStore, type FreshDatabase } from './support.ts';

/**
 * Write durability (storage/port.ts WriteOptions): a write waits for the disk unless it is bookkeeping that is redone
 * when lost. The job queue's claims, lease renewals and outcomes are relaxed; a request's writes and a job handler's
 * own writes are not.
 */
for (const adapter of storageAdapters()) {
  describe(`write durability [${adapter}]`, () => {
    let db: FreshDatabase;
    let store: AnyStore;
    beforeEach(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
    });
    afterEach(() => db.destroy());

    /** What the transaction commits with: SQLite's safety level, PostgreSQL's synchronous_commit. */
    function* commitSetting(): Program<string> {
      if (adapter === 'sqlite') {
        const row = yield* get<{ synchronous: number }>('PRAGMA synchronous');
        return ({ 1: 'normal', 2: 'full' } as Record<number, string>)[row!.synchronous] ?? String(row!.synchronous);
      }
      const row = yield* get<{ synchronous_commit: string }>('SHOW synchronous_commit');
      return row!.synchronous_commit === 'off' ? 'normal' : 'full';
    }

    it('commits a write to disk unless it is relaxed, and a relaxed write leaves the next one durable, even when it fails', async () => {
      assert.equal(await store.write(commitSetting), 'full');
      assert.equal(await store.write(commitSetting, { durability: 'relaxed' }), 'normal');
      assert.equal(await store.write(commitSetting), 'full');
      await assert.rejects(
        store.write(
          function* () {
            yield* commitSetting();
            throw new Error('the program failed');
          },
          { durability: 'relaxed' },
        ),
        /the program failed/,
      );
      assert.equal(await store.write(commitSetting), 'full');
      assert.equal(await store.write(commitSetting, { durability: 'full' }), 'full');
    });

    it("relaxes the job queue's bookkeeping only: the handler's own writes stay durable", async () => {
      const seen: { durability: string; what: string }[] = [];
      // Records each write's options; the handler marks its own writes.
      const recording = delegatingStore(store, {
        write<T>(program: () => Program<T>, options?: WriteOptions) {
          return store.write(function* () {
            const setting = yield* commitSetting();
            seen.push({ durability: options?.durability ?? 'full', what: setting });
            return yield* program();
          }, options);
        },
      });
      await store.write(() => enqueue('k', 'one', {}));
      const handlerSettings: string[] = [];
      const worker = new Worker(recording, {
        id: 'w',
        handlers: {
          k: async () => {
            handlerSettings.push(await recording.write(commitSetting));
          },
        },
      });
      assert.equal(await worker.drain(), 1);
      assert.deepEqual(handlerSettings, ['full'], "the handler's write waits for the disk");
      const bookkeeping = seen.filter((s) => s.durability === 'relaxed');
      assert.ok(bookkeeping.length >= 2, `a claim and a completion at least: ${JSON.stringify(seen)}`);
      assert.ok(bookkeeping.every((s) => s.what === 'normal'));
      assert.ok(seen.filter((s) => s.durability === 'full').every((s) => s.what === 'full'));
    });
  });
}
