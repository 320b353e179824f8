/**
 * A reader thread brings the rollback worlds it keeps up to date while it has nothing to read
 * (domain/rollback/world-memo.ts `refreshKeptWorld`, storage/sqlite/reader-worker.ts): the next question applies only
 * what changed since, not everything since the thread's last question.
 */
import assert from 'node:assert/strict';
import { findEnvironmentByName } from '../../../broker/src/repositories/environments.ts';
import { rollbackQuestionProbe } from '../../support/reader-probe.ts';
import { startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { sleep } from '../../support/wait.ts';

describe('kept rollback worlds in an idle reader thread', function () {
  this.timeout(60_000);
  let b: TestBroker | undefined;
  afterEach(async () => b?.destroy());

  it('are brought up to date before the next question', async () => {
    b = await startTestBroker({ config: { precompute: false, rollbackSafety: false, readerThreads: 1 } });
    await b.td
      .environment('production')
      .deployedPair({ consumer: 'web', provider: 'orders', versions: ['1', '2'], environment: 'production' });
    const { store } = b.deps;
    const env = (await store.read(() => findEnvironmentByName('production')))!;
    const ask = async () => (await store.readNamed(rollbackQuestionProbe, 'production', env.id)).stats!;
    await ask();
    const quiet = await ask();

    // Asked right after a verification by orders 1: its pairs are read again by the question.
    await b.td.verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: false });
    const right = await ask();
    assert.ok(right.pairsRead > quiet.pairsRead, JSON.stringify({ quiet, right }));

    // Asked after the thread was idle for a while: it applied the verification meanwhile, the question reads nothing new.
    await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: false });
    await sleep(2500);
    const later = await ask();
    assert.equal(later.structureRead, false);
    assert.equal(later.pairsRead, quiet.pairsRead, JSON.stringify({ quiet, later }));

    // A write that says nothing of what it changed (a provider contract): an idle thread does not read the world whole
    // (every kept world at once, on every thread); the next question does.
    await b.td.providerContract({
      provider: 'orders',
      version: '2',
      document: { openapi: '3.0.3', info: { title: 'orders', version: '2' }, paths: {} },
      success: true,
    });
    await sleep(2500);
    const whole = await ask();
    assert.deepEqual(whole, { structureRead: 'whole', pairs: whole.pairs, pairsRead: whole.pairs });
  });
});
