import assert from 'node:assert/strict';
import { setClock } from '../../broker/src/repositories/clock.ts';
import { ensurePacticipant, findPacticipant } from '../../broker/src/repositories/pacticipants.ts';
import {
  backoffMs,
  claim,
  complete,
  depth,
  enqueue,
  enqueueAll,
  extendLease,
  fail,
  findJob,
  getJob,
  JobError,
  requeue,
  Worker,
  type Job,
} from '../../broker/src/queue/index.ts';
import { freshDatabase, storageAdapters, type AnyStore, type FreshDatabase } from '../storage/support.ts';
import { sqlitePlans } from '../support/query-plans.ts';
import { observed } from '../support/store-spies.ts';
import { sleep, until } from '../support/wait.ts';

for (const adapter of storageAdapters()) {
  describe(`job queue [${adapter}]`, function () {
    this.timeout(60_000);
    let db: FreshDatabase;
    let store: AnyStore;
    beforeEach(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
    });
    afterEach(async () => {
      setClock(undefined);
      await db.destroy();
    });

    it('enqueues one job per (kind, key), whatever the payload of the repeat', async () => {
      const first = await store.write(() => enqueue('compare', 'pact:a|doc:b', { n: 1 }));
      const again = await store.write(() => enqueue('compare', 'pact:a|doc:b', { n: 2 }));
      const other = await store.write(() => enqueue('webhook', 'pact:a|doc:b', { n: 3 }));
      assert.equal(first.created, true);
      assert.equal(again.created, false);
      assert.equal(again.job.id, first.job.id);
      assert.deepEqual(again.job.payload, { n: 1 });
      assert.equal(other.created, true);
      assert.deepEqual(await store.read(() => depth()), { queued: 2, ready: 2, running: 0, done: 0, failed: 0 });
      assert.deepEqual(await store.read(() => depth('compare')), {
        queued: 1,
        ready: 1,
        running: 0,
        done: 0,
        failed: 0,
      });
    });

    it('queues many jobs set-based: one statement per 250, a (kind, key) already queued or done left as it is', async () => {
      const first = await store.write(() => enqueue('compare', 'job-3', { n: 'first' }));
      await store.write(function* () {
        const [job] = yield* claim('compare', 'w', 30_000, 1);
        yield* complete(job!);
      });
      await store.write(() => enqueue('compare', 'job-7', { n: 'first' }));
      const jobs = Array.from({ length: 600 }, (_, i) => ({ kind: 'compare', key: `job-${i}`, payload: { n: i } }));
      let statements = 0;
      const created = await store.write(() =>
        observed(enqueueAll([...jobs, { kind: 'compare', key: 'job-5', payload: { n: 'twice' } }]), (op) => {
          if (op.kind === 'run') statements++;
        }),
      );
      assert.equal(created, 598, 'job-3 (done) and job-7 (queued) existed; job-5 was named twice');
      assert.equal(statements, 3, '601 jobs in 3 inserts of at most 250');
      assert.deepEqual((await store.read(() => findJob('compare', 'job-3')))!.status, 'done');
      assert.deepEqual((await store.read(() => findJob('compare', 'job-7')))!.payload, { n: 'first' });
      assert.deepEqual((await store.read(() => findJob('compare', 'job-5')))!.payload, { n: 5 });
      assert.equal(first.job.key, 'job-3');
      assert.deepEqual(await store.read(() => depth('compare')), {
        queued: 599,
        ready: 599,
        running: 0,
        done: 1,
        failed: 0,
      });
    });

    it('commits a job atomically with the write that caused it, and not at all when that write fails', async () => {
      await store.write(function* () {
        yield* ensurePacticipant('web');
        yield* enqueue('compare', 'web', { pacticipant: 'web' });
      });
      await assert.rejects(
        store.write(function* () {
          yield* ensurePacticipant('mobile');
          yield* enqueue('compare', 'mobile', { pacticipant: 'mobile' });
          throw new Error('the request failed after queueing');
        }),
        /the request failed/,
      );
      assert.ok(await store.read(() => findJob('compare', 'web')));
      assert.equal(await store.read(() => findJob('compare', 'mobile')), undefined);
      assert.equal(await store.read(() => findPacticipant('mobile')), undefined);
    });

    it('claims due jobs oldest first, not those whose runAfter is in the future', async () => {
      await store.write(() => enqueue('k', 'later', {}, { runAfter: new Date(Date.now() + 60_000) }));
      await store.write(() => enqueue('k', 'one', { i: 1 }));
      await store.write(() => enqueue('k', 'two', { i: 2 }));
      await store.write(() => enqueue('other-kind', 'x', {}));
      const jobs = await store.write(() => claim('k', 'w1', 30_000, 10));
      assert.deepEqual(
        jobs.map((j) => j.key),
        ['one', 'two'],
      );
      assert.ok(jobs.every((j) => j.status === 'running' && j.attempts === 1 && j.lockedBy === 'w1'));
      assert.deepEqual(await store.write(() => claim('k', 'w2', 30_000, 10)), []);
      assert.deepEqual(await store.read(() => depth('k')), { queued: 1, ready: 0, running: 2, done: 0, failed: 0 });
    });

    it('claims across kinds oldest first, an expired lease among them', async () => {
      const t0 = Date.parse('2030-01-01T00:00:00Z');
      setClock(() => new Date(t0));
      await store.write(() => enqueue('b', 'b-first', {}));
      setClock(() => new Date(t0 + 1_000));
      await store.write(() => enqueue('a', 'a-second', {}));
      await store.write(() => claim('a', 'crashed', 5_000, 1));
      setClock(() => new Date(t0 + 2_000));
      await store.write(() => enqueue('b', 'b-third', {}));
      await store.write(() => enqueue('a', 'a-fourth', {}));
      await store.write(() => enqueue('c', 'c-other-kind', {}));
      setClock(() => new Date(t0 + 10_000));
      const first = await store.write(() => claim(['a', 'b'], 'w', 30_000, 2));
      assert.deepEqual(
        first.map((j) => j.key),
        ['b-first', 'a-second'],
        'oldest first across the kinds, the expired lease in its place',
      );
      const rest = await store.write(() => claim(['a', 'b'], 'w', 30_000, 5));
      assert.deepEqual(rest.map((j) => j.key).sort(), ['a-fourth', 'b-third']);
    });

    if (adapter === 'sqlite')
      it('reads index ranges only to claim, however long the backlog: no scan, and no sort of the queued jobs', async () => {
        await store.write(function* () {
          for (let i = 0; i < 500; i++) yield* enqueue(i % 2 ? 'a' : 'b', `job-${i}`, {});
        });
        const plans = await sqlitePlans(store, () => claim(['a', 'b'], 'w', 30_000, 1), { write: true });
        assert.ok(plans.length >= 2);
        for (const { sql, plan } of plans) {
          assert.doesNotMatch(plan, /SCAN jobs/, `${sql}\n  planned as: ${plan}`);
          // Sorting the running jobs (at most the workers' slots) is cheap; sorting the queued ones is not.
          if (!/status = 'running'/.test(sql) || /status = 'queued'/.test(sql))
            assert.doesNotMatch(plan, /TEMP B-TREE/, `${sql}\n  planned as: ${plan}`);
        }
      });

    it('two workers on two connections never run one job twice', async () => {
      const other = await db.open();
      const ran: { id: number; worker: string }[] = [];
      const handler = async (job: Job, ctx: { workerId: string }) => {
        ran.push({ id: job.id, worker: ctx.workerId });
        await sleep(Math.random() * 3);
      };
      const N = 200;
      await store.write(function* () {
        for (let i = 0; i < N; i++) yield* enqueue('compare', `job-${i}`, { i });
      });
      const w1 = new Worker(store, {
        id: 'w1',
        handlers: { compare: handler },
        concurrency: 4,
        pollIntervalMs: 5,
      }).start();
      const w2 = new Worker(other, {
        id: 'w2',
        handlers: { compare: handler },
        concurrency: 4,
        pollIntervalMs: 5,
      }).start();
      await until('all jobs done', async () => (await store.read(() => depth('compare'))).done === N, {
        timeoutMs: 30_000,
        intervalMs: 10,
      });
      await Promise.all([w1.stop(), w2.stop()]);
      const ids = ran.map((r) => r.id);
      assert.equal(ids.length, N, 'a job ran twice');
      assert.equal(new Set(ids).size, N);
      assert.ok(ran.some((r) => r.worker === 'w1') && ran.some((r) => r.worker === 'w2'), 'both workers took jobs');
      const jobs = await store.write(() => claim('compare', 'w3', 1000, 1));
      assert.deepEqual(jobs, []);
    });

    it('gives a job whose lease expired (its instance crashed) to another worker, and fences the old one out', async () => {
      await store.write(() => enqueue('deliver', 'hook-1', { url: 'https://example.test' }));
      const [mine] = await store.write(() => claim('deliver', 'crashed', 1_000, 1));
      assert.ok(mine);
      assert.deepEqual(
        await store.write(() => claim('deliver', 'rescuer', 1_000, 1)),
        [],
        'taken while the lease holds',
      );
      setClock(() => new Date(Date.now() + 1_500));
      const [taken] = await store.write(() => claim('deliver', 'rescuer', 1_000, 1));
      assert.ok(taken);
      assert.equal(taken.id, mine.id);
      assert.equal(taken.attempts, 2);
      assert.equal(await store.write(() => complete(mine)), false, 'the crashed worker cannot settle it any more');
      assert.equal(await store.write(() => extendLease(mine, 1000)), false);
      assert.deepEqual(await store.write(() => fail(mine, new Error('late'))), { status: 'lost' });
      assert.equal(await store.write(() => extendLease(taken, 1000)), true);
      assert.equal(await store.write(() => complete(taken)), true);
      const done = (await store.read(() => getJob(taken.id)))!;
      assert.equal(done.status, 'done');
      assert.equal(done.lockedBy, null);
    });

    it('fails a job whose lease expired on its last attempt instead of running it again', async () => {
      await store.write(() => enqueue('deliver', 'hook-2', {}, { maxAttempts: 1 }));
      await store.write(() => claim('deliver', 'crashed', 1_000, 1));
      setClock(() => new Date(Date.now() + 1_500));
      assert.deepEqual(await store.write(() => claim('deliver', 'rescuer', 1_000, 1)), []);
      const job = (await store.read(() => findJob('deliver', 'hook-2')))!;
      assert.equal(job.status, 'failed');
      assert.match(job.lastError!, /lease of crashed expired on attempt 1 of 1/);
    });

    it('retries a failing job with backoff, then fails it for good after max attempts; an operator can requeue it', async () => {
      await store.write(() => enqueue('deliver', 'hook-3', {}, { maxAttempts: 3 }));
      const t0 = Date.parse('2030-01-01T00:00:00Z');
      setClock(() => new Date(t0));
      const [a1] = await store.write(() => claim('deliver', 'w', 60_000, 1));
      const out1 = await store.write(() => fail(a1!, new Error('503 from receiver')));
      assert.equal(out1.status, 'queued');
      assert.equal(out1.runAfter, new Date(t0 + backoffMs(1)).toISOString());
      assert.deepEqual(await store.write(() => claim('deliver', 'w', 60_000, 1)), [], 'not before its retry time');
      setClock(() => new Date(t0 + backoffMs(1)));
      const [a2] = await store.write(() => claim('deliver', 'w', 60_000, 1));
      assert.equal(a2!.attempts, 2);
      assert.equal(a2!.lastError, 'Error: 503 from receiver');
      const out2 = await store.write(() => fail(a2!, 'timeout'));
      assert.equal(out2.runAfter, new Date(t0 + backoffMs(1) + backoffMs(2)).toISOString());
      assert.equal(backoffMs(2), 2 * backoffMs(1));
      setClock(() => new Date(t0 + 60_000));
      const [a3] = await store.write(() => claim('deliver', 'w', 60_000, 1));
      assert.deepEqual(await store.write(() => fail(a3!, 'timeout again')), { status: 'failed' });
      const failed = (await store.read(() => getJob(a3!.id)))!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 3);
      assert.equal(await store.write(() => requeue(failed.id)), true);
      const [again] = await store.write(() => claim('deliver', 'w', 60_000, 1));
      assert.equal(again!.attempts, 1);
    });

    it('the Worker retries with its backoff until the handler succeeds, and honours JobError(retryAt: null)', async () => {
      let calls = 0;
      const seen: number[] = [];
      const w = new Worker(store, {
        handlers: {
          flaky: async (job) => {
            seen.push(job.attempts);
            if (++calls < 3) throw new Error(`boom ${calls}`);
          },
          broken: async () => {
            throw new JobError('bad webhook URL', null);
          },
        },
        pollIntervalMs: 5,
        backoff: (attempt) => 20 * 2 ** (attempt - 1),
      }).start();
      await store.write(() => enqueue('flaky', 'f', {}));
      await store.write(() => enqueue('broken', 'b', {}));
      await until('flaky job done', async () => (await store.read(() => findJob('flaky', 'f')))!.status === 'done', {
        intervalMs: 10,
      });
      await until(
        'broken job failed',
        async () => (await store.read(() => findJob('broken', 'b')))!.status === 'failed',
        { intervalMs: 10 },
      );
      await w.stop();
      assert.deepEqual(seen, [1, 2, 3]);
      const flaky = (await store.read(() => findJob('flaky', 'f')))!;
      assert.equal(flaky.attempts, 3);
      assert.equal(flaky.lastError, 'Error: boom 2');
      const broken = (await store.read(() => findJob('broken', 'b')))!;
      assert.equal(broken.attempts, 1);
      assert.equal(broken.lastError, 'JobError: bad webhook URL');
    });

    it('stop() waits for running jobs, and a stopped worker claims nothing more', async () => {
      let finished = 0;
      const w = new Worker(store, {
        handlers: {
          slow: async () => {
            await sleep(150);
            finished++;
          },
        },
        concurrency: 2,
        pollIntervalMs: 5,
      }).start();
      await store.write(() => enqueue('slow', 'a', {}));
      await store.write(() => enqueue('slow', 'b', {}));
      await until('both running', () => w.active === 2, { timeoutMs: 5_000, intervalMs: 10 });
      await w.stop();
      assert.equal(finished, 2);
      await store.write(() => enqueue('slow', 'c', {}));
      // stop() resolved after the polling loop ended: nothing is left that could claim it.
      assert.equal((await store.read(() => findJob('slow', 'c')))!.status, 'queued');
    });

    it('a queued job, and a running job of a crashed instance, survive a restart', async () => {
      await store.write(() => enqueue('compare', 'running-one', { x: 1 }));
      await store.write(() => enqueue('compare', 'queued-one', { x: 2 }));
      const [crashed] = await store.write(() => claim('compare', 'crashed', 200, 1));
      assert.equal(crashed!.key, 'running-one');
      await store.close();
      const restarted = await db.open();
      assert.deepEqual(await restarted.read(() => depth('compare')), {
        queued: 1,
        ready: 1,
        running: 1,
        done: 0,
        failed: 0,
      });
      const ran: string[] = [];
      const w = new Worker(restarted, {
        handlers: { compare: async (job) => void ran.push(job.key) },
        pollIntervalMs: 20,
        leaseMs: 1_000,
      }).start();
      await until(
        'both jobs done after the restart',
        async () => (await restarted.read(() => depth('compare'))).done === 2,
        { intervalMs: 10 },
      );
      await w.stop();
      assert.deepEqual(ran.sort(), ['queued-one', 'running-one']);
    });
  });
}
