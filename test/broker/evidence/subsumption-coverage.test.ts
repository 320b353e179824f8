import assert from 'node:assert/strict';
import { gatherRollbackWorld } from '../../../broker/src/domain/rollback/gather.ts';
import { SUBSUME_JOB } from '../../../broker/src/domain/evidence/precompute.ts';
import { enqueue } from '../../../broker/src/queue/index.ts';
import { all } from '../../../broker/src/storage/sql.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/**
 * Subsumption is checked for the pairs a gate can ask about (issue 15), not for a window of recent pacts per
 * verification: after the queue drains, every current, prior and released pair of each environment has the
 * subsumption evidence that checking every pact against every other would give. The reference is exactly that:
 * every (A, B) pair of pact contents checked, then the same answers compared.
 */
for (const adapter of adapters()) {
  describe(`subsumption evidence for the pairs a gate asks about (${adapter})`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    // Every pair the any-subset analysis reads (current, prior and released versions on both sides), with its evidence.
    const pairsIn = async (environment: string) => {
      const world = await b.deps.store.read(() => gatherRollbackWorld({ environment }));
      return world.evidence
        .map((p) => `web ${p.consumerVersion} / orders ${p.providerVersion}: ${p.verdict} by ${p.evidence}`)
        .sort();
    };

    it('has every proof that checking every pair of pacts gives, whatever order the facts came in', async () => {
      await b.td
        .environment('production')
        .environment('staging')
        // web 1 asks /a; orders 1 verifies it; both go to production.
        .publishPact({ consumer: 'web', version: '1', provider: 'orders', pact: (b) => b.withGets('/a') })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        // web 2 asks /a and /b; orders 2 verifies it and goes to production: (web 1, orders 2) is proved by subsumption.
        .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: (b) => b.withGets('/a', '/b') })
        .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        // orders 3 verified a pact asking more, then is released in production before web 2 is deployed there.
        .publishPact({ consumer: 'web', version: '3', provider: 'orders', pact: (b) => b.withGets('/a', '/b', '/c') })
        .verify({ consumer: 'web', version: '3', provider: 'orders', providerVersion: '3', success: true })
        .release({ pacticipant: 'orders', version: '3', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
        // staging: web 4 (asks /b only) is deployed before anything verifies a pact containing it.
        .publishPact({ consumer: 'web', version: '4', provider: 'orders', pact: (b) => b.withGets('/b') })
        .deploy({ pacticipant: 'web', version: '4', environment: 'staging' })
        .deploy({ pacticipant: 'orders', version: '1', environment: 'staging' })
        .deploy({ pacticipant: 'orders', version: '3', environment: 'staging' })
        // web 5 asks /d: nothing subsumes it.
        .publishPact({ consumer: 'web', version: '5', provider: 'orders', pact: (b) => b.withGets('/d') })
        .deploy({ pacticipant: 'web', version: '5', environment: 'staging' });
      await settleEvidence(b.deps.store);
      const planned = { production: await pairsIn('production'), staging: await pairsIn('staging') };
      const checked = await b.deps.store.read(() => all<{ n: number }>('SELECT COUNT(*) AS n FROM subsumptions'));

      // The reference: every pact content checked against every other.
      const pacts = await b.deps.store.read(() => all<{ id: number }>('SELECT id FROM pact_versions'));
      await b.deps.store.write(function* () {
        for (const a of pacts)
          for (const x of pacts)
            if (a.id !== x.id)
              yield* enqueue(SUBSUME_JOB, `${a.id}:${x.id}`, { pactVersionId: a.id, byPactVersionId: x.id });
      });
      await settleEvidence(b.deps.store);
      const everything = { production: await pairsIn('production'), staging: await pairsIn('staging') };

      assert.deepEqual(planned, everything);
      // The cases the scenario is about are there.
      assert.ok(
        planned.production.includes('web 1 / orders 2: compatible by subsumption'),
        planned.production.join('\n'),
      );
      assert.ok(
        planned.production.includes('web 2 / orders 3: compatible by subsumption'),
        planned.production.join('\n'),
      );
      assert.ok(planned.staging.includes('web 4 / orders 3: compatible by subsumption'), planned.staging.join('\n'));
      // And fewer checks than all of them (5 pacts: 20 ordered pairs).
      assert.ok(Number(checked[0]!.n) < pacts.length * (pacts.length - 1), `checked ${checked[0]!.n}`);
    });
  });
}
