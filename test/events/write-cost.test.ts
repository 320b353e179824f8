/**
 * A write costs the same whatever the history: its transaction stores the facts, one outbox row and its
 * audit row; the fan-out (comparisons to plan, webhooks, readiness) happens in the background. Counted
 * in SQL statements, with a small and a larger environment.
 */
import assert from 'node:assert/strict';
import { deploy } from '../../broker/src/domain/deployments/record.ts';
import { publishPacts } from '../../broker/src/domain/pacts/publish.ts';
import { decodePact } from '../../broker/src/domain/pacts/decode.ts';
import { findEnvironmentByName } from '../../broker/src/repositories/environments.ts';
import { ensureVersionWithLabels } from '../../broker/src/domain/versions/ensure.ts';
import type { Program } from '../../broker/src/storage/sql.ts';
import { aPact } from '../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

function* counted<T>(program: Program<T>, count: { statements: number }): Program<T> {
  let step = program.next();
  while (!step.done) {
    if (step.value.kind === 'all' || step.value.kind === 'get' || step.value.kind === 'run') count.statements++;
    step = program.next(yield step.value);
  }
  return step.value;
}

for (const adapter of adapters()) {
  describe(`write cost does not grow with the history [${adapter}]`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    afterEach(async () => b.destroy());

    /** `services` consumers of orders, each published and deployed twice in production. */
    async function organisation(services: number) {
      b = await startTestBroker({ adapter });
      let td = b.td.environment('production');
      for (let i = 0; i < services; i++)
        for (const v of ['1', '2'])
          td = td
            .publishPact({ consumer: `svc-${i}`, version: v, provider: 'orders' })
            .deploy({ pacticipant: `svc-${i}`, version: v, environment: 'production' });
      await td.deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
    }

    async function costs() {
      const { store, hooks } = b.deps;
      const deployment = { statements: 0 };
      await store.write(() =>
        counted(
          (function* () {
            const env = (yield* findEnvironmentByName('production'))!;
            const { consumer: p, version: v } = yield* ensureVersionWithLabels('orders', '2', {});
            return yield* deploy(hooks, { versionId: v.id, pacticipantId: p.id, environmentId: env.id }, '');
          })(),
          deployment,
        ),
      );
      const publication = { statements: 0 };
      const decoded = decodePact(aPact('svc-0', 'orders').withInteraction({ path: '/new' }).build(), '$');
      await store.write(() =>
        counted(
          publishPacts(
            hooks,
            { consumerName: 'svc-0', versionNumber: '3', contracts: [{ providerName: 'orders', decoded }] },
            false,
          ),
          publication,
        ),
      );
      return { deployment: deployment.statements, publication: publication.statements };
    }

    it('counts the same statements for a deployment and a publication with 2 and with 25 services deployed', async () => {
      await organisation(2);
      const small = await costs();
      await b.destroy();
      await organisation(25);
      const large = await costs();
      assert.deepEqual(large, small);
    });
  });
}
