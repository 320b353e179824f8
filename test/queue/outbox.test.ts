/**
 * The outbox of domain events and its dispatcher (issue 13 item 4), on both adapters: an event commits
 * with its write or not at all; the dispatcher hands handlers whole batches, consumes each event once
 * when instances share the database, retries a failing event alone without holding up the others, and
 * finds events written while no broker ran.
 */
import assert from 'node:assert/strict';
import type { EventHandler, EventName, StoredEvent } from '../../broker/src/domain/events.ts';
import { Hooks } from '../../broker/src/domain/hooks.ts';
import { EventDispatcher } from '../../broker/src/events/dispatcher.ts';
import { startEvents } from '../../broker/src/events/runtime.ts';
import { setClock } from '../../broker/src/repositories/clock.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { outboxDepth } from '../../broker/src/repositories/outbox.ts';
import { namedRead } from '../../broker/src/storage/named-read.ts';
import { all, get, run, sqlFor, type Program } from '../../broker/src/storage/sql.ts';
import { freshDatabase, storageAdapters, type AnyStore, type FreshDatabase } from '../storage/support.ts';
import { delegatingStore, observed } from '../support/store-spies.ts';
import { until } from '../support/wait.ts';

/** A handler that records, in a table with one row per event id, every event it handled. */
function recorder(opts: { failOn?: (e: StoredEvent) => boolean; events?: EventName[] } = {}) {
  const batches: number[][] = [];
  const handler: EventHandler = {
    name: 'recorder',
    events: opts.events ?? ['pacticipantCreated'],
    *handle(events) {
      batches.push(events.map((e) => e.id));
      for (const e of events) {
        if (opts.failOn?.(e)) throw new Error(`cannot handle event ${e.id}`);
        // The primary key makes a second consumption of one event fail loudly.
        yield* run('INSERT INTO handled (event_id, name) VALUES (?, ?)', [e.id, e.name]);
      }
    },
  };
  return { handler, batches };
}

function* emitCreated(hooks: Hooks, names: string[]): Program<void> {
  for (const name of names) {
    const p = yield* ensurePacticipant(name);
    yield* hooks.emit('pacticipantCreated', { pacticipantId: p.id, name });
  }
}

for (const adapter of storageAdapters()) {
  describe(`outbox and event dispatcher [${adapter}]`, function () {
    this.timeout(60_000);
    let db: FreshDatabase;
    let store: AnyStore;
    const hooks = new Hooks();
    beforeEach(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
      await store.write(() => run('CREATE TABLE handled (event_id INTEGER PRIMARY KEY, name TEXT NOT NULL)'));
    });
    afterEach(async () => {
      setClock(undefined);
      await db.destroy();
    });

    const handled = () => store.read(() => all<{ event_id: number }>('SELECT event_id FROM handled ORDER BY event_id'));
    const pending = async () => (await store.read(() => outboxDepth())).pending;

    it('commits an event with its write, with who wrote it, and none for a write that rolled back', async () => {
      await store.write(() => emitCreated(hooks, ['web']));
      await assert.rejects(
        store.write(function* () {
          yield* emitCreated(hooks, ['mobile']);
          throw new Error('the request failed after emitting');
        }),
      );
      const rows = await store.read(() =>
        all<{ event: string; payload: string; principal: string; status: string }>('SELECT * FROM outbox'),
      );
      assert.deepEqual(
        rows.map((r) => [r.event, JSON.parse(r.payload).name, r.principal, r.status]),
        [['pacticipantCreated', 'web', 'system', 'pending']],
      );
    });

    it('hands a handler many events in one pass, and only the events it consumes', async () => {
      const names = Array.from({ length: 120 }, (_, i) => `svc-${i}`);
      await store.write(() => emitCreated(hooks, names));
      await store.write(function* () {
        yield* hooks.emit('environmentCreated', { environmentId: 1, uuid: 'u', name: 'production' });
      });
      const { handler, batches } = recorder();
      const other = recorder({ events: ['environmentCreated'] });
      const d = new EventDispatcher(store, { handlers: [handler], batchSize: 100 });
      // A second handler sees only its own event; the dispatcher passes are shared.
      const both = new EventDispatcher(store, { handlers: [handler, other.handler], batchSize: 100 });
      assert.equal(await both.drain(), 121);
      assert.deepEqual(
        batches.map((b) => b.length),
        [100, 20],
        'two passes for 121 events (100 per batch)',
      );
      assert.equal(other.batches.flat().length, 1);
      assert.equal((await handled()).length, 121);
      assert.equal(await pending(), 0);
      assert.equal(await d.drain(), 0, 'consumed events are not handed out again');
    });

    it('retries a failing event alone: the rest of its batch is consumed, it waits and is consumed once it succeeds', async () => {
      await store.write(() => emitCreated(hooks, ['a', 'b', 'poison', 'c']));
      let broken = true;
      const { handler } = recorder({ failOn: (e) => broken && (e.payload as { name: string }).name === 'poison' });
      const d = new EventDispatcher(store, { handlers: [handler], retryDelayMs: () => 60_000 });
      assert.equal(await d.drain(), 3);
      assert.equal((await handled()).length, 3);
      const failing = await store.read(() =>
        get<{ attempts: number; last_error: string; status: string }>(
          "SELECT attempts, last_error, status FROM outbox WHERE status = 'pending'",
        ),
      );
      assert.equal(Number(failing!.attempts), 1);
      assert.match(failing!.last_error, /cannot handle event/);
      const depth = await store.read(() => outboxDepth());
      assert.deepEqual([depth.pending, depth.failing], [1, 1]);
      broken = false;
      setClock(() => new Date(Date.now() + 120_000));
      assert.equal(await d.drain(), 1, 'due again once its retry time has come');
      assert.equal((await handled()).length, 4);
      assert.equal(await pending(), 0);
    });

    it('runs a prompt handler of an event another handler fails at once, not after its retry delay, and again with it', async () => {
      await store.write(() => run('CREATE TABLE prompt_runs (event_id INTEGER NOT NULL)'));
      await store.write(() => emitCreated(hooks, ['a', 'poison']));
      let broken = true;
      const { handler: failing } = recorder({
        failOn: (e) => broken && (e.payload as { name: string }).name === 'poison',
      });
      const prompt: EventHandler = {
        name: 'prompt',
        events: ['pacticipantCreated'],
        prompt: true,
        *handle(events) {
          for (const e of events) yield* run('INSERT INTO prompt_runs (event_id) VALUES (?)', [e.id]);
        },
      };
      const d = new EventDispatcher(store, { handlers: [failing, prompt], retryDelayMs: () => 60_000 });
      const runs = async () =>
        (await store.read(() => all<{ event_id: number }>('SELECT event_id FROM prompt_runs ORDER BY event_id'))).map(
          (r) => Number(r.event_id),
        );
      const [a, poison] = (await store.read(() => all<{ id: number }>('SELECT id FROM outbox ORDER BY id'))).map((r) =>
        Number(r.id),
      );
      assert.equal(await d.drain(), 1);
      assert.deepEqual(await runs(), [a, poison], 'the failed event was handled by the prompt handler already');
      assert.deepEqual(
        (await handled()).map((r) => Number(r.event_id)),
        [a],
        'the failing handler wrote nothing for it',
      );
      assert.equal(await pending(), 1, 'the event waits for its retry');
      broken = false;
      setClock(() => new Date(Date.now() + 120_000));
      assert.equal(await d.drain(), 1);
      assert.deepEqual(await runs(), [a, poison, poison], 'and handled again with the event');
      assert.equal(await pending(), 0);
    });

    it('keeps a failed event until its retry time', async () => {
      await store.write(() => emitCreated(hooks, ['poison']));
      const { handler } = recorder({ failOn: () => true });
      const d = new EventDispatcher(store, { handlers: [handler], retryDelayMs: () => 60_000 });
      assert.equal(await d.drain(), 0);
      assert.equal(await d.drain(), 0, 'not due again for a minute: not even tried');
      const row = await store.read(() => get<{ attempts: number }>('SELECT attempts FROM outbox'));
      assert.equal(Number(row!.attempts), 1);
    });

    it('consumes events written while no dispatcher ran (a restart), and wakes at once on a local write', async () => {
      await store.write(() => emitCreated(hooks, ['before-start']));
      const { handler } = recorder();
      // Polling once a minute: only the start and the wake-up can explain a quick consumption.
      const events = startEvents({ store, hooks }, [handler], { pollIntervalMs: 60_000 });
      try {
        await until('the event written before the start to be consumed', async () => (await pending()) === 0, {
          intervalMs: 10,
        });
        await store.write(() => emitCreated(hooks, ['after-start']));
        await until('the woken dispatcher to consume the new event', async () => (await handled()).length === 2, {
          timeoutMs: 5_000,
          intervalMs: 10,
        });
      } finally {
        await events.close();
      }
    });

    it("runs a handler's reads (prepare) before the batch's transaction and hands handle what they found", async () => {
      await store.write(() => emitCreated(hooks, ['web', 'mobile', 'ios']));
      const MARK = 'SELECT COUNT(*) AS n FROM pacticipants WHERE name <> ?';
      const prepare = namedRead(import.meta.url, 'countOthers', function* (events: StoredEvent[]) {
        const names = events.map((e) => (e.payload as { name: string }).name);
        const row = yield* get<{ n: number }>(MARK, [names[0]!]);
        return { names, others: Number(row!.n) };
      });
      const got: unknown[] = [];
      const handler: EventHandler<{ names: string[]; others: number }> = {
        name: 'preparing',
        events: ['pacticipantCreated'],
        prepare,
        *handle(events, prepared) {
          got.push({ events: events.length, ...prepared });
          for (const e of events) yield* run('INSERT INTO handled (event_id, name) VALUES (?, ?)', [e.id, e.name]);
        },
      };
      const inWrites: string[] = [];
      const named: string[] = [];
      const recording = delegatingStore(store, {
        readNamed(op, ...args) {
          named.push(op.name);
          return store.readNamed(op, ...args);
        },
        write: (program, options) =>
          store.write(() => observed(program(), (op) => inWrites.push(sqlFor(op.sql, store.dialect))), options),
      });
      assert.equal(await new EventDispatcher(recording, { handlers: [handler] }).drain(), 3);
      assert.deepEqual(got, [{ events: 3, names: ['web', 'mobile', 'ios'], others: 2 }]);
      assert.deepEqual(named, ['countOthers'], 'prepared once, as a named read');
      assert.ok(!inWrites.includes(MARK), 'the reads ran outside the write transaction');
      assert.equal((await handled()).length, 3);
    });

    it('with several instances on one database, every event is consumed exactly once', async () => {
      const stores = [store, await db.open(), await db.open()];
      const names = Array.from({ length: 300 }, (_, i) => `svc-${i}`);
      for (let i = 0; i < names.length; i += 50) await store.write(() => emitCreated(hooks, names.slice(i, i + 50)));
      const recorders = stores.map(() => recorder());
      const dispatchers = stores.map(
        (s, i) => new EventDispatcher(s, { handlers: [recorders[i]!.handler], batchSize: 10 }),
      );
      const consumed = await Promise.all(dispatchers.map((d) => d.drain()));
      assert.equal(
        consumed.reduce((a, b) => a + b, 0),
        300,
      );
      const ids = (await handled()).map((r) => Number(r.event_id));
      assert.equal(new Set(ids).size, 300);
      assert.equal(ids.length, 300);
      if (adapter === 'postgres')
        assert.ok(
          consumed.filter((n) => n > 0).length >= 2,
          `SKIP LOCKED shares the work between instances: ${consumed.join(', ')}`,
        );
    });
  });
}
