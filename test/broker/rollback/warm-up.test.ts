/**
 * A broker keeps each environment's rollback world in every reader thread (or its store) before it takes requests
 * (domain/rollback/warm-up.ts): the first can-i-rollback question after a start brings a kept world up to date
 * instead of reading it whole (300-650 ms at 150,000 versions on a cold connection).
 */
import assert from 'node:assert/strict';
import { answerCacheFor } from '../../../broker/src/domain/rollback/answer-cache.ts';
import { findEnvironmentByName } from '../../../broker/src/repositories/environments.ts';
import { keptWorldProbe } from '../../support/reader-probe.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`a broker's start [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker | undefined;
    let again: TestBroker | undefined;
    afterEach(async () => {
      await again?.stop();
      await b?.destroy();
    });

    it("keeps every environment's rollback world where questions are answered before the first one", async () => {
      const config = { precompute: false, rollbackSafety: false, readerThreads: 2 };
      b = await startTestBroker({ adapter, config });
      await b.td
        .environment('production', { production: true })
        .environment('staging')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'staging' });
      await b.stop();

      again = await startTestBroker({ adapter, database: b.database, config });
      const { store } = again.deps;
      const ids = await store.read(function* () {
        return [(yield* findEnvironmentByName('production'))!.id, (yield* findEnvironmentByName('staging'))!.id];
      });
      for (const id of ids) {
        const kept = await store.readEverywhere(keptWorldProbe, id);
        assert.equal(kept.length, adapter === 'sqlite' ? 2 : 1, 'each reader thread (SQLite), or the store');
        // Read whole by the warm-up (production's then brought up to date by the warm-up's answers, reading nothing).
        for (const k of kept)
          assert.ok(
            k.stats?.structureRead === 'whole' || (k.stats?.structureRead === false && k.stats.pairsRead === 0),
            `environment ${id} kept in ${k.threadId}: ${JSON.stringify(k.stats)}`,
          );
      }

      // Each thread answered the first (production) environment's questions once: its any-subset answer is cached
      // before any request (nothing else computes it here: no rollback-safety evaluation).
      assert.ok(answerCacheFor(store).cachedBytes > 0, "production's any-subset answer is cached at start");

      // The first question reads nothing again, whichever thread answers it.
      const res = await again.api.get('/can-i-rollback?environment=production&pacticipant=web');
      assert.equal(res.status, 200);
      const after = await store.readEverywhere(keptWorldProbe, ids[0]!);
      assert.ok(
        after.some((k) => k.stats?.structureRead === false && k.stats.pairsRead === 0),
        JSON.stringify(after),
      );
    });
  });
}
