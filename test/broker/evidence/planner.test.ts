import assert from 'node:assert/strict';
import type { DomainEvents, EventName, StoredEvent } from '../../../broker/src/domain/events.ts';
import { planEvidence } from '../../../broker/src/domain/evidence/precompute.ts';
import type { Program } from '../../../broker/src/storage/sql.ts';
import { all } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/** Runs a program and counts the SQL statements it ran. */
function* counted<T>(program: Program<T>, count: { statements: number }): Program<T> {
  let step = program.next();
  while (!step.done) {
    if (step.value.kind === 'all' || step.value.kind === 'get' || step.value.kind === 'run') count.statements++;
    step = program.next(yield step.value);
  }
  return step.value;
}

let nextId = 1;
const event = <E extends EventName>(name: E, payload: DomainEvents[E]) =>
  ({
    id: nextId++,
    name,
    payload,
    actor: { principal: 'system', principalKind: 'system' },
    occurredAt: new Date().toISOString(),
    attempts: 0,
  }) as StoredEvent;

/**
 * The evidence planner consumes the outbox in batches and coalesces: the work a batch needs is planned
 * once per environment, pact content or document, however many events name it (issue 15 builds on
 * this to make the planning itself set-based).
 */
for (const adapter of adapters()) {
  describe(`evidence planner over a batch of events [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .providerContract({ provider: 'orders', version: '1', document: openapi(), success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
    });
    afterEach(async () => b.destroy());

    const ids = () =>
      b.deps.store.read(function* () {
        const [env] = yield* all<{ id: number }>("SELECT id FROM environments WHERE name = 'production'");
        const [web] = yield* all<{ id: number }>("SELECT id FROM pacticipants WHERE name = 'web'");
        const [pv] = yield* all<{ id: number; provider_id: number }>('SELECT id, provider_id FROM pact_versions');
        return {
          env: Number(env!.id),
          web: Number(web!.id),
          pactVersion: Number(pv!.id),
          orders: Number(pv!.provider_id),
        };
      });
    const plan = async (events: StoredEvent[]) => {
      const count = { statements: 0 };
      const jobs = await b.deps.store.read(() => counted(planEvidence(events), count));
      return { statements: count.statements, jobs: jobs.map((j) => `${j.kind}:${j.key}`) };
    };

    it('plans ten deployments to one environment as one', async () => {
      const { env, web } = await ids();
      const deployment = (i: number) =>
        event('deploymentRecorded', {
          pacticipantId: web,
          versionId: 1,
          environmentId: env,
          applicationInstance: `i${i}`,
          deployedVersionUuid: `u${i}`,
        });
      const one = await plan([deployment(0)]);
      const ten = await plan(Array.from({ length: 10 }, (_, i) => deployment(i)));
      assert.ok(one.statements > 0);
      assert.equal(ten.statements, one.statements, 'the same statements for ten deployments as for one');
      assert.equal(one.jobs.length, 1, 'web 1 against the document of orders 1');
      assert.match(one.jobs[0]!, /^compare:/);
      assert.deepEqual(ten.jobs, one.jobs, 'once');
    });

    it('plans one pact content published by many consumer versions once', async () => {
      const { web, orders, pactVersion } = await ids();
      const publication = (v: number) =>
        event('pactsPublished', {
          consumerId: web,
          consumer: 'web',
          versionId: v,
          version: String(v),
          versionCreated: true,
          contracts: [
            { provider: 'orders', providerId: orders, sha: 'sha', pactVersionId: pactVersion, status: 'created' },
          ],
        });
      const one = await plan([publication(1)]);
      const ten = await plan(Array.from({ length: 10 }, (_, i) => publication(i + 1)));
      assert.equal(ten.statements, one.statements);
      assert.deepEqual(ten.jobs, one.jobs);
    });
  });
}

function openapi() {
  return {
    openapi: '3.0.3',
    info: { title: 'orders', version: '1' },
    paths: {
      '/': {
        get: {
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
  };
}

/**
 * Planning is set-based and does not walk a history (issue 15): the statements a batch costs are the same
 * with a short and a long deployment and publication history.
 */
for (const adapter of adapters()) {
  describe(`evidence planning cost does not grow with the history (${adapter})`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    afterEach(async () => b.destroy());

    async function history(releases: number) {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      let td = b.td.environment('production');
      for (let v = 1; v <= releases; v++)
        td = td
          .publishPact({
            consumer: 'web',
            version: String(v),
            provider: 'orders',
            pact: (p) => p.withInteraction({ path: `/v${v}` }),
          })
          .verify({
            consumer: 'web',
            version: String(v),
            provider: 'orders',
            providerVersion: String(v),
            success: true,
          })
          .providerContract({ provider: 'orders', version: String(v), document: openapi(), success: true })
          .deploy({ pacticipant: 'orders', version: String(v), environment: 'production' })
          .deploy({ pacticipant: 'web', version: String(v), environment: 'production' });
      await td;
    }

    async function batchCost() {
      const ids = await b.deps.store.read(function* () {
        const [env] = yield* all<{ id: number }>("SELECT id FROM environments WHERE name = 'production'");
        const [pv] = yield* all<{ id: number; consumer_id: number; provider_id: number; sha: string }>(
          'SELECT id, consumer_id, provider_id, sha FROM pact_versions ORDER BY id DESC LIMIT 1',
        );
        const [w] = yield* all<{ id: number }>(
          'SELECT v.id FROM versions v WHERE v.pacticipant_id = ? ORDER BY v.id DESC LIMIT 1',
          [pv!.provider_id],
        );
        return { env: Number(env!.id), pv: pv!, w: Number(w!.id) };
      });
      const { env, pv, w } = ids;
      const events = [
        event('deploymentRecorded', {
          pacticipantId: pv.consumer_id,
          versionId: w,
          environmentId: env,
          applicationInstance: '',
          deployedVersionUuid: 'u',
        }),
        event('pactsPublished', {
          consumerId: pv.consumer_id,
          consumer: 'web',
          versionId: w,
          version: 'x',
          versionCreated: true,
          contracts: [
            { provider: 'orders', providerId: pv.provider_id, sha: pv.sha, pactVersionId: pv.id, status: 'created' },
          ],
        }),
        event('verificationPublished', {
          verificationId: 1,
          pactVersionId: pv.id,
          consumerId: pv.consumer_id,
          providerId: pv.provider_id,
          providerVersionId: w,
          success: true,
        }),
        event('providerContractPublished', { providerId: pv.provider_id, providerVersionId: w, contractId: 1 }),
      ];
      const count = { statements: 0 };
      await b.deps.store.read(() => counted(planEvidence(events), count));
      return count.statements;
    }

    it('counts the same statements for a batch after 3 and after 30 releases', async () => {
      await history(3);
      const small = await batchCost();
      await b.destroy();
      await history(30);
      const large = await batchCost();
      assert.ok(small > 0);
      assert.equal(large, small);
    });
  });
}
