import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { threadId } from 'node:worker_threads';
import { configFromEnv } from '../../broker/src/config.ts';
import { NotFoundError } from '../../broker/src/errors.ts';
import { READER_LIMITS } from '../../broker/src/storage/sqlite/reader-pool.ts';
import { SqliteStore } from '../../broker/src/storage/sqlite/sqlite-store.ts';
import { run } from '../../broker/src/storage/sql.ts';
import {
  limitsProbe,
  missingProbe,
  slowBackgroundProbe,
  slowProbe,
  smallWhereProbe,
  whenProbe,
  whereProbe,
} from '../support/reader-probe.ts';
import { freshDatabaseLocation, startTestBroker, type TestBroker } from '../support/test-broker.ts';

/**
 * SQLite's reader pool (issue 15): named reads run in reader threads over their own read-only connections, see every
 * write committed before they were asked, keep their errors' types, and leave the event loop free while they run.
 */
const BUDGET_MS = 100 * Math.max(1, loadavg()[0]! / availableParallelism());

describe('SQLite reader pool', function () {
  this.timeout(120_000);
  let drop: () => Promise<void>;
  let store: SqliteStore;
  before(async () => {
    const fresh = await freshDatabaseLocation('sqlite');
    drop = fresh.drop;
    store = SqliteStore.open(fresh.location, undefined, { readerThreads: 2 });
  });
  after(async () => {
    await store.close();
    await drop();
  });

  const insert = (name: string) =>
    store.write(() =>
      run('INSERT INTO pacticipants (name, created_at, updated_at) VALUES (?, ?, ?)', [name, 'now', 'now']),
    );

  it('runs a named read in another thread', async () => {
    assert.equal(store.readerThreads, 2);
    const r = await store.readNamed(whereProbe, 'nobody');
    assert.notEqual(r.threadId, threadId);
    assert.equal(r.found, null);
  });

  it('sees every write acknowledged before it was asked (read-your-writes), in every thread', async () => {
    const threads = new Set<number>();
    for (let i = 0; i < 60; i++) {
      await insert(`svc-${i}`);
      // Two reads at once: both threads serve, and each sees the write just committed.
      const [a, b] = await Promise.all([
        store.readNamed(whereProbe, `svc-${i}`),
        store.readNamed(whereProbe, `svc-${i}`),
      ]);
      assert.equal(a.found, `svc-${i}`, `read ${i} in thread ${a.threadId} missed the write`);
      assert.equal(b.found, `svc-${i}`, `read ${i} in thread ${b.threadId} missed the write`);
      threads.add(a.threadId).add(b.threadId);
    }
    assert.equal(threads.size, 2, 'both reader threads answered');
  });

  it("bounds each thread's memory: a smaller SQLite page cache and a heap limit (issue 15)", async () => {
    const r = await store.readNamed(limitsProbe);
    assert.notEqual(r.threadId, threadId);
    assert.equal(r.cacheSize, -READER_LIMITS.pageCacheKib);
    // The limit V8 reports is the old generation's plus the young generation's share.
    assert.ok(
      r.heapLimitMb >= READER_LIMITS.oldGenerationMb && r.heapLimitMb < READER_LIMITS.oldGenerationMb + 100,
      `heap limit ${r.heapLimitMb} MB`,
    );
  });

  it('runs a read once in every thread, before the requests waiting for them (readEverywhere)', async () => {
    // Both threads busy with a request each, another request waiting: the read for every thread goes first in each.
    const busy = [store.readNamed(slowProbe, 2_000_000), store.readNamed(slowProbe, 2_000_000)];
    const waiting = store.readNamed(whenProbe);
    const everywhere = await store.readEverywhere(whenProbe);
    const request = await waiting;
    await Promise.all(busy);
    assert.equal(new Set(everywhere.map((r) => r.threadId)).size, 2, 'one run in each of the two threads');
    assert.ok(!everywhere.some((r) => r.threadId === threadId), 'none on the event loop');
    const sameThread = everywhere.find((r) => r.threadId === request.threadId)!;
    assert.ok(sameThread.at < request.at, 'the request waiting was served after the read for every thread');
  });

  it('keeps a typed error its type and message', async () => {
    await assert.rejects(
      store.readNamed(missingProbe, 'thing'),
      (e) => e instanceof NotFoundError && e.message === 'no thing',
    );
  });

  it('answers as the in-process read does when there are no reader threads', async () => {
    const inProcess = new SqliteStore((store as unknown as { file: string }).file);
    try {
      await insert('both');
      const here = await inProcess.readNamed(whereProbe, 'both');
      const there = await store.readNamed(whereProbe, 'both');
      assert.equal(here.threadId, threadId);
      assert.deepEqual({ ...there, threadId }, here);
    } finally {
      await inProcess.close();
    }
  });

  it('a request read never waits behind background reads: they leave a thread free, and all finish', async () => {
    const order: string[] = [];
    const background = [1, 2, 3].map((i) =>
      store.readNamed(slowBackgroundProbe, 3_000_000).then((n) => {
        order.push(`background ${i}`);
        return n;
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const r = await store.readNamed(whereProbe, 'nobody');
    order.push('request');
    assert.equal(r.found, null);
    assert.deepEqual(await Promise.all(background), [3_000_000, 3_000_000, 3_000_000]);
    assert.equal(order[0], 'request', `the request waited for background work: ${order.join(', ')}`);
    assert.deepEqual(order.slice(1), ['background 1', 'background 2', 'background 3'], 'one at a time, in order');
  });

  it('a small read runs in a reader thread when one is free, and on the event loop rather than wait for one', async () => {
    const free = await store.readNamed(smallWhereProbe, 'nobody');
    assert.notEqual(free.threadId, threadId, 'a free thread takes it');
    const finished: string[] = [];
    const long = [1, 2].map((i) =>
      store.readNamed(slowProbe, 15_000_000).then(() => {
        finished.push(`long ${i}`);
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const waiting = store.readNamed(whereProbe, 'nobody').then((r) => {
      finished.push('request');
      return r;
    });
    const small = await store.readNamed(smallWhereProbe, 'nobody');
    finished.push('small');
    assert.equal(small.threadId, threadId, 'both threads busy: it ran on the event loop');
    assert.equal(small.found, null);
    await Promise.all(long);
    assert.notEqual((await waiting).threadId, threadId, 'a read that is not small waited for a thread');
    assert.deepEqual(finished[0], 'small', `finished in the order ${finished.join(', ')}`);
    assert.ok(finished.indexOf('request') >= 2, `the request waited for a long read: ${finished.join(', ')}`);
  });

  it('a write does not wait for a long read in a reader thread', async () => {
    const long = store.readNamed(slowProbe, 10_000_000);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await insert('during-a-long-read');
    const writeMs = performance.now() - t0;
    const n = await long;
    assert.equal(n, 10_000_000);
    assert.ok(writeMs < BUDGET_MS * 5, `the write took ${writeMs.toFixed(0)} ms while a read ran`);
  });
});

/**
 * A heartbeat while a heavy read runs: at most 100 ms slower than on an idle broker with reader threads; with none
 * (the read on the event loop) the same read holds the heartbeat for as long as it runs.
 */
for (const readerThreads of [2, 0]) {
  describe(`a heartbeat while a heavy read runs (reader threads: ${readerThreads})`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter: 'sqlite', config: { readerThreads } });
      // A reader thread from source loads its modules first: the measured read should not include that.
      await b.deps.store.readNamed(slowProbe, 10);
    });
    after(async () => b.destroy());

    /**
     * Heartbeats one after the other, 5 ms apart, while `running()`: each timed from when it was due, so a heartbeat
     * the event loop could not even send (this process is the client too) counts its wait, as a remote client's would.
     */
    async function heartbeats(running: () => boolean): Promise<number[]> {
      const times: number[] = [];
      let due = performance.now();
      for (;;) {
        // The one that would have been sent now counts its wait too (a block that ends with the read ends here).
        if (!running()) {
          times.push(performance.now() - due);
          return times;
        }
        const res = await fetch(`${b.url}/diagnostic/status/heartbeat`);
        await res.arrayBuffer();
        times.push(performance.now() - due);
        due = performance.now() + 5;
        await new Promise((r) => setTimeout(r, 5));
      }
    }

    it(readerThreads ? 'does not delay it by more than 100 ms' : 'delays it for as long as the read runs', async () => {
      let n = 0;
      const baseline = Math.max(...(await heartbeats(() => n++ < 10)));
      let done = false;
      // Heartbeats from before the read starts until it has ended.
      const pinger = heartbeats(() => !done);
      await new Promise((r) => setTimeout(r, 20));
      const t0 = performance.now();
      const read = b.deps.store.readNamed(slowProbe, 5_000_000);
      await read.finally(() => {
        done = true;
      });
      const readMs = performance.now() - t0;
      const during = await pinger;
      const worst = Math.max(...during);
      console.log(
        `      read ${readMs.toFixed(0)} ms; heartbeat idle max ${baseline.toFixed(1)} ms, during max ${worst.toFixed(1)} ms ` +
          `over ${during.length}; load ${loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')}`,
      );
      if (readerThreads) {
        assert.ok(during.length >= 3, 'heartbeats were answered while the read ran');
        assert.ok(worst - baseline <= BUDGET_MS, `a heartbeat waited ${worst.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
      } else assert.ok(worst >= readMs * 0.5, 'the in-process read held the heartbeat');
    });
  });
}

describe('read-your-writes over HTTP through the reader pool', function () {
  this.timeout(120_000);
  let b: TestBroker;
  before(async () => (b = await startTestBroker({ adapter: 'sqlite', config: { readerThreads: 2 } })));
  after(async () => b.destroy());

  it('runs with the reader threads asked for; the setting is ROLLGATE_READER_THREADS, 2 unless set', async () => {
    assert.equal((b.deps.store as SqliteStore).readerThreads, 2);
    assert.equal(configFromEnv({}).readerThreads, 2);
    assert.equal(configFromEnv({ ROLLGATE_READER_THREADS: '0' }).readerThreads, 0);
  });

  it('a matrix asked right after a write acknowledged to another client shows it', async () => {
    await b.td.publishPact({ consumer: 'Foo', version: '0', provider: 'Bar' });
    for (let i = 1; i <= 15; i++) {
      await b.td
        .publishPact({ consumer: 'Foo', version: String(i), provider: 'Bar' })
        .verify({ consumer: 'Foo', version: String(i), provider: 'Bar', providerVersion: `p${i}`, success: true });
      const res = await b.api.get(
        `/matrix?q[][pacticipant]=Foo&q[][version]=${i}&q[][pacticipant]=Bar&q[][version]=p${i}&latestby=cvpv`,
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.matrix.length, 1, `version ${i}: ${res.text}`);
      assert.equal(res.body.summary.deployable, true);
    }
  });
});
