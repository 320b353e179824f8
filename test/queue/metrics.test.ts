/**
 * /metrics shows the background work as it is (issue 15): queued, running and failed jobs per kind, the
 * age of the oldest queued job, the evidence backlog in rollgate_comparison_queue_depth (it read 0 while
 * thousands of subsumption checks were queued), and the event loop's delay.
 */
import assert from 'node:assert/strict';
import { claim, enqueue, fail } from '../../broker/src/queue/index.ts';
import { run } from '../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`/metrics: the background backlog (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    // No evidence worker: the jobs stay where the test puts them.
    beforeEach(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
    });
    afterEach(async () => b.destroy());

    const scrape = async () => (await b.api.get('/metrics', { accept: 'text/plain' })).text;
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };

    it('counts queued, running and failed jobs per kind, and how old the oldest queued one is', async () => {
      const empty = await scrape();
      assert.equal(value(empty, 'rollgate_comparison_queue_depth'), 0);
      assert.equal(value(empty, 'rollgate_jobs{kind="subsume",status="queued"}'), undefined);

      await b.deps.store.write(function* () {
        for (let i = 0; i < 5; i++) yield* enqueue('subsume', `a${i}:b`, { pactVersionId: i, byPactVersionId: 99 });
        for (let i = 0; i < 2; i++) yield* enqueue('compare', `sha${i}:doc`, { pactVersionId: i, contractId: 1 });
        yield* enqueue('webhook', 'w1', {});
        // The oldest queued subsumption check waited ten minutes already.
        yield* run(`UPDATE jobs SET created_at = ? WHERE dedupe_key = 'a0:b'`, [
          new Date(Date.now() - 600_000).toISOString(),
        ]);
      });
      // One compare job running, one webhook failed for good.
      await b.deps.store.write(() => claim('compare', 'test-worker', 60_000, 1));
      await b.deps.store.write(function* () {
        const [job] = yield* claim('webhook', 'test-worker', 60_000, 1);
        yield* fail(job, new Error('gone'), null);
      });

      const text = await scrape();
      assert.equal(value(text, 'rollgate_jobs{kind="subsume",status="queued"}'), 5);
      assert.equal(value(text, 'rollgate_jobs{kind="compare",status="queued"}'), 1);
      assert.equal(value(text, 'rollgate_jobs{kind="compare",status="running"}'), 1);
      assert.equal(value(text, 'rollgate_jobs{kind="webhook",status="failed"}'), 1);
      // Queued and running evidence jobs: 5 subsumption checks and 2 comparisons.
      assert.equal(value(text, 'rollgate_comparison_queue_depth'), 7);
      const age = value(text, 'rollgate_jobs_oldest_queued_age_seconds{kind="subsume"}')!;
      assert.ok(age >= 600 && age < 700, `oldest queued subsumption check is ${age} s old`);
      assert.ok(value(text, 'rollgate_jobs_oldest_queued_age_seconds{kind="compare"}')! < 60);
      // The event loop's delay (perf_hooks.monitorEventLoopDelay), reset at each scrape.
      assert.ok(value(text, 'rollgate_nodejs_eventloop_lag_p99_seconds')! >= 0);
      assert.ok(value(text, 'rollgate_nodejs_eventloop_lag_max_seconds')! >= 0);

      // Done jobs leave the gauges.
      await b.deps.store.write(() => run(`UPDATE jobs SET status = 'done' WHERE kind = 'subsume'`));
      const after = await scrape();
      assert.equal(value(after, 'rollgate_jobs{kind="subsume",status="queued"}'), undefined);
      assert.equal(value(after, 'rollgate_jobs_oldest_queued_age_seconds{kind="subsume"}'), undefined);
      assert.equal(value(after, 'rollgate_comparison_queue_depth'), 2);
    });
  });
}
