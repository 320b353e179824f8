/**
 * The rollback world a store keeps per environment (issue 15, domain/rollback/world-memo.ts): brought up to date from
 * the changes logged with the answer stamps, it must be the world a fresh read gives, after any sequence of writes,
 * while the background workers store comparisons and subsumption checks beside them; and it reads again only what a
 * write can have changed.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gatherRollbackWorld, type RollbackQuery } from '../../../broker/src/domain/rollback/gather.ts';
import { KEPT_WORLDS, keptWorldStats } from '../../../broker/src/domain/rollback/world-memo.ts';
import type { EvidenceRow } from '../../../broker/src/gate/rollback/index.ts';
import { isProvisional } from '../../../broker/src/domain/evidence/resolve.ts';
import { findEnvironmentByName } from '../../../broker/src/repositories/environments.ts';
import { answerStamp, compactAnswerStamps } from '../../../broker/src/storage/answer-stamps.ts';
import { storeMemo, type Program } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { settleEvidence } from '../../support/settle.ts';
import type { TestData } from '../../support/test-data.ts';

// Few services and versions, so that writes land on the same pairs again (a verification that turns a verdict round).
const SERVICES = ['web', 'bff', 'orders'];
const VERSIONS = ['1', '2'];

/**
 * The world this store keeps (brought up to date) and the world read afresh, in one snapshot: the kept one is read
 * first, then set aside while the fresh one is read, then put back, so the next question finds it.
 */
function* keptAndFresh(q: RollbackQuery): Program<{ kept: unknown; fresh: unknown }> {
  const kept = yield* gatherRollbackWorld(q);
  const memo = yield* storeMemo<unknown>(KEPT_WORLDS);
  const saved = new Map(memo);
  memo.clear();
  const fresh = yield* gatherRollbackWorld(q);
  memo.clear();
  for (const [k, v] of saved) memo.set(k, v);
  return { kept, fresh };
}

type Write =
  | { kind: 'pact'; consumer: string; version: string; provider: string; interactions: number }
  | { kind: 'verify'; pick: number; providerVersion: string; success: boolean }
  | { kind: 'reverify'; pick: number }
  | { kind: 'deploy'; pacticipant: string; version: string; instance?: string }
  | { kind: 'undeploy'; pacticipant: string; instance?: string }
  | { kind: 'release'; pacticipant: string; version: string; end: boolean }
  | { kind: 'contract'; provider: string; version: string; paths: number };

const service = fc.constantFrom(...SERVICES);
const version = fc.constantFrom(...VERSIONS);
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('pact' as const),
      consumer: service,
      version,
      provider: service,
      interactions: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('verify' as const),
      pick: fc.nat(),
      providerVersion: version,
      success: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('reverify' as const), pick: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('deploy' as const),
      pacticipant: service,
      version,
      instance: fc.option(fc.constantFrom('blue', 'green'), { nil: undefined }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('undeploy' as const),
      pacticipant: service,
      instance: fc.option(fc.constantFrom('blue', 'green'), { nil: undefined }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('release' as const), pacticipant: service, version, end: fc.boolean() }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('contract' as const),
      provider: service,
      version,
      paths: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 1,
  },
);

/** An OpenAPI document whose paths match the builder's interactions (`/orders/1`, ...): some pacts comply. */
const document = (paths: number) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: Object.fromEntries(
    Array.from({ length: paths }, (_, i) => [
      `/orders/${i + 1}`,
      {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { id: { type: 'integer' }, status: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    ]),
  ),
});

type Verified = { consumer: string; version: string; provider: string; providerVersion: string; success: boolean };

/** Applies one write; `published` holds the pacts published so far (`consumer@version->provider`). */
async function apply(
  td: TestData,
  w: Write,
  published: Map<string, { consumer: string; version: string; provider: string }>,
  verified: Verified[],
): Promise<void> {
  if (w.kind === 'pact') {
    // A consumer version's pact is fixed once published: publish each once.
    const key = `${w.consumer}@${w.version}->${w.provider}`;
    if (w.consumer === w.provider || published.has(key)) return;
    published.set(key, w);
    await td.publishPact({
      consumer: w.consumer,
      version: w.version,
      provider: w.provider,
      pact: (b) => {
        for (let i = 0; i < w.interactions; i++) b.withInteraction();
        return b;
      },
    });
  } else if (w.kind === 'verify') {
    // One of the pacts published so far (the same one again, often: a verdict turned round).
    const pacts = [...published.values()];
    const pact = pacts[w.pick % Math.max(1, pacts.length)];
    if (!pact) return;
    await td.verify({ ...pact, providerVersion: w.providerVersion, success: w.success });
    verified.push({ ...pact, providerVersion: w.providerVersion, success: w.success });
  } else if (w.kind === 'reverify') {
    // A verification verified again with the other result: a settled verdict turned round.
    const v = verified[w.pick % Math.max(1, verified.length)];
    if (!v) return;
    v.success = !v.success;
    await td.verify(v);
  } else if (w.kind === 'deploy') {
    await td.deploy({ ...w, environment: 'production' });
  } else if (w.kind === 'undeploy') {
    await td.undeploy({ ...w, environment: 'production' });
  } else if (w.kind === 'release') {
    const release = { pacticipant: w.pacticipant, version: w.version, environment: 'production' };
    await (w.end ? td.endSupport(release) : td.release(release));
  } else {
    await td.providerContract({ provider: w.provider, version: w.version, document: document(w.paths), success: true });
  }
}

for (const adapter of adapters()) {
  describe(`the rollback world a store keeps per environment [${adapter}]`, function () {
    this.timeout(600_000);
    let b: TestBroker;
    afterEach(async () => b?.destroy());

    it('is the world a fresh read gives, after any writes, with the background workers running', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(write, { minLength: 5, maxLength: 30 }),
          fc.integer({ min: 1, max: 4 }),
          async (writes, every) => {
            b = await startTestBroker({ adapter });
            try {
              await b.td.environment('production');
              const published = new Map<string, { consumer: string; version: string; provider: string }>();
              const deployed: string[] = [];
              const verified: Verified[] = [];
              for (const [i, w] of writes.entries()) {
                await apply(b.td, w, published, verified);
                if (w.kind === 'deploy' && !deployed.includes(w.pacticipant)) deployed.push(w.pacticipant);
                if (i % every !== 0) continue;
                const target = deployed[i % Math.max(1, deployed.length)];
                for (const q of [
                  { environment: 'production' },
                  ...(target ? [{ environment: 'production', targets: [{ pacticipant: target }] }] : []),
                ]) {
                  const { kept, fresh } = await b.deps.store.read(() => keptAndFresh(q));
                  assert.deepEqual(kept, fresh, `after write ${i} (${JSON.stringify(w)})`);
                }
              }
              // And once the workers have stored every comparison and subsumption check they were asked for.
              await settleEvidence(b.deps.store);
              const { kept, fresh } = await b.deps.store.read(() => keptAndFresh({ environment: 'production' }));
              assert.deepEqual(kept, fresh, 'after the background work settled');
            } finally {
              await b.destroy();
            }
          },
        ),
        { numRuns: adapter === 'postgres' ? 10 : 25, seed: 15 },
      );
    });

    it('reads again only what a write can have changed', async () => {
      // Nothing else reads the world meanwhile (a rollback-safety evaluation would, and keep what it read).
      b = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      let td = b.td.environment('production');
      for (const [c, p] of [
        ['web', 'bff'],
        ['bff', 'orders'],
        ['bff', 'stock'],
      ] as const)
        for (const v of ['1', '2'])
          td = td
            // A content per version, so that a verification of one version says nothing of the other.
            .publishPact({ consumer: c, version: v, provider: p, pact: (x) => x.withInteraction({ path: `/v${v}` }) })
            .verify({ consumer: c, version: v, provider: p, providerVersion: v, success: true });
      for (const v of ['1', '2'])
        for (const s of ['web', 'bff', 'orders', 'stock'])
          td = td.deploy({ pacticipant: s, version: v, environment: 'production' });
      await td;
      const env = (await b.deps.store.read(() => findEnvironmentByName('production')))!;
      const ask = async () => {
        return b.deps.store.read(function* () {
          const world = yield* gatherRollbackWorld({ environment: 'production' });
          return { world, stats: (yield* keptWorldStats(env.id))! };
        });
      };

      const first = await ask();
      assert.deepEqual(first.stats, { structureRead: 'whole', pairs: 12, pairsRead: 12 });
      assert.ok(
        first.world.evidence.some((e) => e.verdict === 'unknown'),
        'the cross pairs (a current version with a prior one) have no verification',
      );
      // What is read again every time: evidence still being computed (here subsumption checks queued, with no worker to
      // run them).
      const everyTime = (e: EvidenceRow) => isProvisional(e);
      const readAgain = first.world.evidence.filter(everyTime).length;
      assert.ok(readAgain < 12);

      // Nothing written: the rest is kept.
      assert.deepEqual((await ask()).stats, { structureRead: false, pairs: 12, pairsRead: readAgain });

      // A verification by orders 1: the pairs of that provider version are read again, nothing else.
      await b.td.verify({ consumer: 'bff', version: '2', provider: 'orders', providerVersion: '1', success: false });
      const afterVerification = await ask();
      const ofOrders1 = afterVerification.world.evidence.filter(
        (e) => e.provider === 'orders' && e.providerVersion === '1',
      );
      assert.deepEqual(afterVerification.stats, {
        structureRead: false,
        pairs: 12,
        pairsRead: first.world.evidence.filter(
          (e) => everyTime(e) || (e.provider === 'orders' && e.providerVersion === '1'),
        ).length,
      });
      assert.equal(
        ofOrders1.find((e) => e.consumerVersion === '2')?.verdict,
        'incompatible',
        'the new verification is in the kept world',
      );

      // A deployment there: the structure is brought up to date (web's lanes read again, and the pacts of versions now
      // in play); the evidence of the pairs still in play is kept.
      await b.td.deploy({ pacticipant: 'web', version: '1', environment: 'production' });
      const afterDeployment = await ask();
      assert.equal(afterDeployment.stats.structureRead, 'part');
      assert.ok(afterDeployment.stats.pairsRead < afterDeployment.stats.pairs, JSON.stringify(afterDeployment.stats));

      // A pact of a version in play: the structure is brought up to date too, and holds the new pact and its pairs.
      await b.td.publishPact({
        consumer: 'web',
        version: '1',
        provider: 'stock',
        pact: (x) => x.withInteraction({ path: '/web1' }),
      });
      const afterPact = await ask();
      assert.equal(afterPact.stats.structureRead, 'part');
      assert.ok(
        afterPact.world.pacts.some((p) => p.consumer === 'web' && p.consumerVersion === '1' && p.provider === 'stock'),
      );
      assert.ok(afterPact.world.evidence.some((e) => e.consumer === 'web' && e.provider === 'stock'));

      // A write that says nothing of what it changed (here a provider contract): everything is read again.
      await b.td.providerContract({ provider: 'stock', version: '2', document: document(1), success: true });
      const afterContract = await ask();
      assert.deepEqual(afterContract.stats, {
        structureRead: 'whole',
        pairs: afterContract.stats.pairs,
        pairsRead: afterContract.stats.pairs,
      });
    });

    it('keeps applying changes after the log is folded, and reads whole what a fold took from it', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      await b.td
        .environment('production')
        .deployedPair({ consumer: 'web', provider: 'orders', versions: ['1', '2'], environment: 'production' });
      const env = (await b.deps.store.read(() => findEnvironmentByName('production')))!;
      const ask = () =>
        b.deps.store.read(function* () {
          yield* gatherRollbackWorld({ environment: 'production' });
          return (yield* keptWorldStats(env.id))!;
        });
      const fold = (keep: number) => b.deps.store.write(() => compactAnswerStamps(keep));
      const stamp = () => b.deps.store.read(() => answerStamp(env.id));
      await ask();

      // A verification, then a fold that keeps the newest row: the kept world applies it (the pairs of orders 1).
      await b.td.verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: false });
      const before = await stamp();
      assert.ok((await fold(1)) > 0, 'older rows folded');
      assert.equal(await stamp(), before, 'a fold changes no stamp');
      const applied = await ask();
      assert.equal(applied.structureRead, false);
      assert.ok(applied.pairsRead < applied.pairs, JSON.stringify(applied));

      // Two verifications, and a fold that takes the first one's row: the world is read whole, never missing it.
      await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: false });
      await b.td.verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: false });
      await fold(1);
      const whole = await ask();
      assert.deepEqual(whole, { structureRead: 'whole', pairs: whole.pairs, pairsRead: whole.pairs });

      // A long log is folded a batch at a time, each fold a bounded transaction, the stamp the same throughout.
      for (let i = 0; i < 5; i++)
        await b.td.verify({
          consumer: 'web',
          version: '1',
          provider: 'orders',
          providerVersion: '2',
          success: i % 2 === 0,
        });
      const long = await stamp();
      const batches: number[] = [];
      for (;;) {
        const folded = await b.deps.store.write(() => compactAnswerStamps(0, 2));
        batches.push(folded);
        assert.equal(await stamp(), long);
        if (folded === 0) break;
      }
      assert.ok(batches.length > 2 && batches.every((n) => n <= 2 * 2), JSON.stringify(batches));
    });
  });
}
