import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { all, run as sql } from '../../../broker/src/storage/sql.ts';
import { run } from '../../cli/support.ts';
import { settleEvidence } from '../../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, refused } from './support.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/openapi/orders-versions/${name}`, import.meta.url), 'utf8'));

/**
 * Issue 20: can-i-deploy for a provider version can fail on breaking changes of its OpenAPI document against the
 * version deployed in the environment (`--fail-on-openapi-breaking`, `failOnOpenApiBreaking=`). orders 2.0.0 (v2.json)
 * is deployed; 3.0.0 goes back to v1.json (removes GET /orders and two fields); 2.1.0 keeps v2.json.
 */
for (const adapter of adapters()) {
  describe(`can-i-deploy --fail-on-openapi-breaking (${adapter})`, () => {
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      await b.td
        .environment('production')
        .providerContract({ provider: 'orders', version: '2.0.0', document: fixture('v2.json'), branch: 'main' })
        .deploy({ pacticipant: 'orders', version: '2.0.0', environment: 'production' })
        .providerContract({ provider: 'orders', version: '3.0.0', document: fixture('v1.json'), branch: 'main' })
        .providerContract({ provider: 'orders', version: '2.1.0', document: fixture('v2.json'), branch: 'main' });
      await settleEvidence(b.deps.store);
    });
    afterEach(async () => b.destroy());

    const cli = (version: string, ...extra: string[]) =>
      run(
        ['can-i-deploy', '--pacticipant', 'orders', '--version', version, '--to-environment', 'production', ...extra],
        { ROLLGATE_BROKER_BASE_URL: b.url },
      );

    it('fails a version whose document removes what the deployed one offers, naming the changes', async () => {
      const r = await cli('3.0.0', '--fail-on-openapi-breaking', 'ERR');
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /Computer says no/);
      assert.match(r.out, /OpenAPI document of orders 3\.0\.0 breaks the one of 2\.0\.0/);
      assert.match(r.out, /GET \/orders: removed the path \/orders/);
      assert.match(r.out, /'status'.*ERR response-required-property-removed/);
      // ERR only: the optional field's removal (WARN) is not listed; at WARN it is.
      assert.doesNotMatch(r.out, /trackingUrl/);
      const warn = await cli('3.0.0', '--fail-on-openapi-breaking', 'WARN');
      assert.match(warn.out, /'trackingUrl'.*WARN response-optional-property-removed/);
    });

    it('without the flag the same version is deployable (no consumer), and a compatible version passes with it', async () => {
      assert.equal((await cli('3.0.0')).code, 0);
      const ok = await cli('2.1.0', '--fail-on-openapi-breaking', 'ERR');
      assert.equal(ok.code, 0, ok.out + ok.err);
    });

    it('the query parameter behind the flag on /can-i-deploy and /matrix; unknown while the diff is not stored', async () => {
      const q = 'pacticipant=orders&version=3.0.0&environment=production&failOnOpenApiBreaking=ERR';
      const res = hal(await b.api.get(`/can-i-deploy?${q}`));
      assert.equal(res.summary.deployable, false);
      const m = hal(
        await b.api.get(
          '/matrix?q[][pacticipant]=orders&q[][version]=3.0.0&latestby=cvpv&environment=production&failOnOpenApiBreaking=WARN',
        ),
      );
      assert.equal(m.summary.deployable, false);
      await b.deps.store.write(() => sql('DELETE FROM openapi_changes'));
      const pending = hal(await b.api.get(`/can-i-deploy?${q}`));
      assert.equal(pending.summary.deployable, null, 'not computed is unknown, never yes');
      assert.match(pending.summary.reason, /not computed yet/);
    });

    it('a pair nobody planned a diff for: the request queues it, unknown first, then the breaking verdict', async () => {
      // Forget every diff and every diff job: no publication or deployment planned orders 2.0.0 -> 3.0.0 any more.
      await b.deps.store.write(function* () {
        yield* sql('DELETE FROM openapi_changes');
        yield* sql(`DELETE FROM jobs WHERE kind = 'openapi-changes'`);
      });
      const q = 'pacticipant=orders&version=3.0.0&environment=production&failOnOpenApiBreaking=ERR';
      const first = hal(await b.api.get(`/can-i-deploy?${q}`));
      assert.equal(first.summary.deployable, null, 'not computed is unknown, never yes');
      assert.match(first.summary.reason, /not computed yet/);
      await settleEvidence(b.deps.store);
      const after = hal(await b.api.get(`/can-i-deploy?${q}`));
      assert.equal(after.summary.deployable, false, JSON.stringify(after.summary));
      assert.match(after.summary.reason, /breaks the one of 2\.0\.0/);
      // The compatible version's pair (identical documents) needs no diff; asking queues nothing for it.
      await b.deps.store.write(() => sql(`DELETE FROM jobs WHERE kind = 'openapi-changes'`));
      assert.equal(hal(await b.api.get(`/can-i-deploy?${q.replace('3.0.0', '2.1.0')}`)).summary.deployable, true);
      const jobs = await b.deps.store.read(() => all(`SELECT id FROM jobs WHERE kind = 'openapi-changes'`));
      assert.equal(jobs.length, 0);
    });

    it('--retry-while-unknown converges on a pair nobody planned', async () => {
      await b.deps.store.write(function* () {
        yield* sql('DELETE FROM openapi_changes');
        yield* sql(`DELETE FROM jobs WHERE kind = 'openapi-changes'`);
      });
      // Each wait between polls lets the broker's background work finish (what the interval stands for).
      const r = await run(
        [
          ...['can-i-deploy', '--pacticipant', 'orders', '--version', '3.0.0', '--to-environment', 'production'],
          ...['--fail-on-openapi-breaking', 'ERR', '--retry-while-unknown', '3', '--retry-interval', '1'],
        ],
        { ROLLGATE_BROKER_BASE_URL: b.url },
        { sleep: () => settleEvidence(b.deps.store) },
      );
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, /retry 1 of 3/);
      assert.match(r.out, /OpenAPI document of orders 3\.0\.0 breaks the one of 2\.0\.0/);
    });

    it('refuses a bad level or the flag without an environment', async () => {
      await refused(
        b,
        400,
        () =>
          b.api.get('/can-i-deploy?pacticipant=orders&version=3.0.0&environment=production&failOnOpenApiBreaking=BAD'),
        /failOnOpenApiBreaking.*ERR or WARN/,
      );
      await refused(
        b,
        400,
        () => b.api.get('/can-i-deploy?pacticipant=orders&version=3.0.0&to=prod&failOnOpenApiBreaking=ERR'),
        /needs an environment/,
      );
      const r = await run(
        ['can-i-deploy', '--pacticipant', 'orders', '--version', '3.0.0', '--fail-on-openapi-breaking', 'ERR'],
        {
          ROLLGATE_BROKER_BASE_URL: b.url,
        },
      );
      assert.equal(r.code, 2);
      assert.match(r.err, /needs --to-environment/);
    });
  });
}
