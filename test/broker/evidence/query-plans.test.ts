import assert from 'node:assert/strict';
import { subsumptionsInProgress, verificationsForPairs } from '../../../broker/src/domain/evidence/queries.ts';
import { comparisonsFor } from '../../../broker/src/repositories/evidence.ts';
import { freshDatabase, type AnyStore, type FreshDatabase } from '../../storage/support.ts';
import { sqlitePlans } from '../../support/query-plans.ts';

/**
 * The evidence reads every gate and the evidence planner run, pinned to their indexes on SQLite (issue 15): each
 * searches one index range per value it is given, so its cost follows what it asks, not the history or the backlog.
 */
describe('evidence reads use their indexes [sqlite]', () => {
  let db: FreshDatabase;
  let store: AnyStore;
  before(async () => {
    db = await freshDatabase('sqlite');
    store = await db.open();
  });
  after(() => db.destroy());

  it('looks comparisons up by pact only, not by every (pact, document) combination', async () => {
    const pacts = Array.from({ length: 300 }, (_, i) => `pact-${i}`);
    const documents = Array.from({ length: 40 }, (_, i) => `doc-${i}`);
    const [{ sql, plan }] = (await sqlitePlans(store, () => comparisonsFor(pacts, documents))) as [
      { sql: string; plan: string },
    ];
    // 300 searches, not 12,000 (54 ms instead of 2.7 ms at 2,700 pacts and 100 documents).
    assert.match(plan, /SEARCH comparisons USING INDEX \S+ \(pact_sha=\?\)/, `${sql}\n  planned as: ${plan}`);
  });

  it('finds the subsumption checks in progress in one (kind, key) range per pact, not by reading the queue', async () => {
    const plans = await sqlitePlans(store, () => subsumptionsInProgress(Array.from({ length: 400 }, (_, i) => i + 1)));
    assert.equal(plans.length, 1);
    const { sql, plan } = plans[0]!;
    assert.match(plan, /MULTI-INDEX OR/, `${sql.slice(0, 200)}\n  planned as: ${plan.slice(0, 300)}`);
    assert.doesNotMatch(plan, /jobs_claim/, 'not every queued check of the queue through the claim index');
  });

  it('reads the verifications of each pact by its index range, the provider versions filtered, not searched', async () => {
    const plans = await sqlitePlans(store, () =>
      verificationsForPairs(
        Array.from({ length: 300 }, (_, i) => i + 1),
        Array.from({ length: 60 }, (_, i) => i + 1000),
      ),
    );
    assert.equal(plans.length, 1);
    const { sql, plan } = plans[0]!;
    // 300 searches, not 18,000 (one per pact and provider version), and the provider versions in the statement.
    assert.match(plan, /SEARCH vr USING INDEX verifications_pact_provider_version \(pact_version_id=\?\)/, plan);
    assert.match(sql, /provider_version_id \+ 0 IN/);
  });
});
