/**
 * A pact or verification touches the environments where its version is deployed, as its own snapshot sees them. On
 * PostgreSQL a deployment of that version committed while the write runs is not among them: the outbox consumer
 * (domain/answer-scope/late-touches.ts) touches it after the commit, so no kept world or cached answer there keeps
 * missing the write.
 */
import assert from 'node:assert/strict';
import { lateTouchesHandler } from '../../../broker/src/domain/answer-scope/late-touches.ts';
import type { EventHandler, StoredEvent } from '../../../broker/src/domain/events.ts';
import { EventDispatcher } from '../../../broker/src/events/dispatcher.ts';
import { gatherRollbackWorld } from '../../../broker/src/domain/rollback/gather.ts';
import { KEPT_WORLDS } from '../../../broker/src/domain/rollback/world-memo.ts';
import { publishVerification } from '../../../broker/src/domain/verifications/publish.ts';
import { findEnvironmentByName } from '../../../broker/src/repositories/environments.ts';
import { pactForConsumerVersion } from '../../../broker/src/domain/pacts/queries.ts';
import { stampChangesSince } from '../../../broker/src/storage/answer-stamps.ts';
import { all, get, storeMemo } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { sleep, until } from '../../support/wait.ts';

/** The verdict of web 1 against orders 1 in production's rollback world: kept (brought up to date), then fresh. */
async function verdicts(b: TestBroker): Promise<{ kept: string | undefined; fresh: string | undefined }> {
  return b.deps.store.read(function* () {
    const pick = (w: { evidence: { consumerVersion: string; providerVersion: string; verdict: string }[] }) =>
      w.evidence.find((e) => e.consumerVersion === '1' && e.providerVersion === '1')?.verdict;
    const kept = pick(yield* gatherRollbackWorld({ environment: 'production' }));
    (yield* storeMemo(KEPT_WORLDS)).clear();
    return { kept, fresh: pick(yield* gatherRollbackWorld({ environment: 'production' })) };
  });
}

const outboxEmpty = (b: TestBroker) =>
  b.deps.store.read(function* () {
    return Number((yield* get<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"))?.n) === 0;
  });

for (const adapter of adapters()) {
  describe(`environments a write's snapshot missed [${adapter}]`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b?.destroy());

    it('are touched after the commit with the change the write made, and only those', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      await b.td
        .environment('production')
        .environment('staging')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'staging' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
      const [production, staging] = await b.deps.store.read(function* () {
        return [(yield* findEnvironmentByName('production'))!.id, (yield* findEnvironmentByName('staging'))!.id];
      });
      const versionId = await b.deps.store.read(function* () {
        return Number(
          (yield* get<{ id: number }>(
            "SELECT v.id FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = 'orders' AND v.number = '1'",
          ))?.id,
        );
      });
      const lastIds = await b.deps.store.read(function* () {
        return [
          (yield* stampChangesSince(production, 0, 10)).lastId,
          (yield* stampChangesSince(staging, 0, 10)).lastId,
        ];
      });
      // A verification event whose write saw orders 1 in staging only (as a write racing the production deployment).
      const event = {
        id: 0,
        name: 'verificationPublished',
        payload: {
          verificationId: 1,
          pactVersionId: 1,
          consumerId: 1,
          providerId: 2,
          providerVersionId: versionId,
          success: true,
          touchedEnvironmentIds: [staging],
        },
        actor: { principal: 'system', principalKind: 'system' },
        occurredAt: new Date().toISOString(),
        attempts: 0,
      } satisfies StoredEvent<'verificationPublished'>;
      await b.deps.store.write(() => lateTouchesHandler.handle([event, event], undefined));
      const [inProduction, inStaging] = await b.deps.store.read(function* () {
        return [
          (yield* stampChangesSince(production, lastIds[0]!, 10)).changes,
          (yield* stampChangesSince(staging, lastIds[1]!, 10)).changes,
        ];
      });
      assert.deepEqual(
        inProduction.map((c) => c.detail),
        [`verification:${versionId}`],
        'production, which the write missed, is touched once (two events of one version, one touch)',
      );
      assert.deepEqual(inStaging, [], 'staging, which the write touched, is not touched again');

      // An event of a write that touched every environment (no list) asks for nothing.
      const { touchedEnvironmentIds: _, ...unscoped } = event.payload;
      await b.deps.store.write(() => lateTouchesHandler.handle([{ ...event, payload: unscoped }], undefined));
      const after = await b.deps.store.read(() => stampChangesSince(production, lastIds[0]!, 10));
      assert.equal(after.changes.length, 1);

      // Another handler failing the event (a webhook planner, say) does not hold the touch back for the retry's delay.
      await b.events.close();
      await b.deps.store.write(() => b.deps.hooks.emit('verificationPublished', event.payload));
      const failing: EventHandler = {
        name: 'failing',
        events: ['verificationPublished'],
        // biome-ignore lint/correctness/useYield: a handler that fails before it writes anything
        *handle() {
          throw new Error('planner down');
        },
      };
      const d = new EventDispatcher(b.deps.store, {
        handlers: [lateTouchesHandler, failing],
        retryDelayMs: () => 60_000,
      });
      assert.equal(await d.drain(), 0, 'the event waits for its retry');
      const touched = await b.deps.store.read(() => stampChangesSince(production, after.lastId, 10));
      assert.deepEqual(
        touched.changes.map((c) => c.detail),
        [`verification:${versionId}`],
        'production is touched now, not after the retry',
      );
    });

    if (adapter !== 'postgres') return;

    it('a verification committed beside a deployment of its provider version is in the kept world there', async () => {
      b = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      await b.td
        .environment('production')
        .environment('staging')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'staging' });
      const { store, hooks } = b.deps;
      const found = await store.read(() => pactForConsumerVersion('orders', 'web', '1'));
      // The verification's transaction takes its snapshot, then waits while orders 1 is deployed to production and a
      // reader keeps production's world (with the new pair, not yet verified); then it commits.
      const verification = store.write(function* () {
        yield* get('SELECT pg_sleep(1)');
        yield* publishVerification(hooks, {
          provider: 'orders',
          consumer: 'web',
          sha: found.pactVersion.sha,
          providerVersion: '1',
          success: false,
        });
      });
      await sleep(150);
      await b.td.deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
      assert.deepEqual(await verdicts(b), { kept: 'unknown', fresh: 'unknown' }, 'kept before the verification');
      await store.read(() => gatherRollbackWorld({ environment: 'production' }));
      await verification;
      const [payload] = await store.read(() =>
        all<{ payload: string }>("SELECT payload FROM outbox WHERE event = 'verificationPublished'"),
      );
      const production = (await store.read(() => findEnvironmentByName('production')))!.id;
      assert.ok(
        !JSON.parse(payload!.payload).touchedEnvironmentIds.includes(production),
        "the verification's snapshot did not see the deployment (the race this test is about happened)",
      );

      await until('the outbox consumed', () => outboxEmpty(b));
      assert.deepEqual(await verdicts(b), { kept: 'incompatible', fresh: 'incompatible' });
    });
  });
}
