import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const q = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const sel = (pacticipant: string, version: string): [string, string][] => [
  ['q[][pacticipant]', pacticipant],
  ['q[][version]', version],
];

for (const adapter of adapters()) {
  describe(`GET /matrix and /can-i-deploy: section 2.9 scenarios [${adapter}]`, function () {
    this.timeout(20_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    const toEnv = async (pacticipant: string, version: string, env: string, extra: [string, string][] = []) => {
      const res = await b.api.get(
        `/matrix?${q([...sel(pacticipant, version), ['latestby', 'cvpv'], ['environment', env], ...extra])}`,
      );
      assert.equal(res.status, 200, res.text);
      return res.body;
    };

    it('1. consumer to an environment where the provider version verified it: true; a later undeployed failure does not matter', async () => {
      await b.td
        .environment('test')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'Bar', version: '2', environment: 'test' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '3', success: false });
      const body = await toEnv('Foo', '1', 'test');
      assert.equal(body.summary.deployable, true);
      assert.equal(body.matrix.length, 1);
      assert.equal(body.matrix[0].provider.version.number, '2');
      assert.equal(body.matrix[0].evidence, 'verification');
      assert.equal(body.summary.success, 1);
      assert.match(body.summary.reason, /All required verification results are published and successful/);
      assert.deepEqual(
        body.matrix[0].provider.version.environments.map((e: { name: string }) => e.name),
        ['test'],
      );
    });

    it('2. the deployed provider version failed (an undeployed later one passed): false', async () => {
      await b.td
        .environment('test')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: false })
        .deploy({ pacticipant: 'Bar', version: '2', environment: 'test' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '3', success: true });
      const body = await toEnv('Foo', '1', 'test');
      assert.equal(body.summary.deployable, false);
      assert.equal(body.summary.failed, 1);
      assert.match(body.summary.reason, /verification for the pact between Foo \(1\) and Bar \(2\) failed/);
    });

    it('3. the provider is not in the environment: not deployable (null) with a reason', async () => {
      await b.td
        .environment('test')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true });
      const body = await toEnv('Foo', '1', 'test');
      assert.equal(body.summary.deployable, null);
      assert.equal(body.summary.unknown, 1);
      assert.equal(body.matrix[0].provider.version, null);
      assert.match(body.summary.reason, /no version of Bar is currently recorded as deployed or released in test/);
    });

    it('4. deploying the provider where its consumer is absent: true (providers do not need consumers)', async () => {
      await b.td
        .environment('test')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true });
      const body = await toEnv('Bar', '2', 'test');
      assert.equal(body.summary.deployable, true);
      assert.equal(body.matrix.length, 0);
      assert.match(body.summary.reason, /There are no missing dependencies/);
    });

    it('5. two consumer versions live on distinct instances: the provider must have verified both', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/v2' }),
        })
        .deploy({ pacticipant: 'Foo', version: '1', environment: 'prod', instance: 'a' })
        .deploy({ pacticipant: 'Foo', version: '2', environment: 'prod', instance: 'b' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '10', success: true });
      assert.equal((await toEnv('Bar', '10', 'prod')).summary.deployable, null);
      await b.td.verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '10', success: true });
      const body = await toEnv('Bar', '10', 'prod');
      assert.equal(body.summary.deployable, true);
      assert.equal(body.matrix.length, 2);
    });

    it('6. two provider versions live on distinct instances: the consumer needs both verified', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '10', success: true })
        .version({ pacticipant: 'Bar', version: '11' })
        .deploy({ pacticipant: 'Bar', version: '10', environment: 'prod', instance: 'a' })
        .deploy({ pacticipant: 'Bar', version: '11', environment: 'prod', instance: 'b' });
      const before = await toEnv('Foo', '2', 'prod');
      assert.equal(before.summary.deployable, null);
      assert.match(before.summary.reason, /no verified pact between Foo \(2\) and Bar \(11\)/);
      await b.td.verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '11', success: true });
      assert.equal((await toEnv('Foo', '2', 'prod')).summary.deployable, true);
    });

    it('7. two released provider versions, one failed: false (cvpv); both passed: true with 2 rows; cvp is treated as cvpv for environments', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '10', success: false })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '11', success: true })
        .release({ pacticipant: 'Bar', version: '10', environment: 'prod' })
        .release({ pacticipant: 'Bar', version: '11', environment: 'prod' });
      assert.equal((await toEnv('Foo', '1', 'prod')).summary.deployable, false);
      const cvp = await b.api.get(`/matrix?${q([...sel('Foo', '1'), ['latestby', 'cvp'], ['environment', 'prod']])}`);
      assert.equal(cvp.body.summary.deployable, false);
      await b.td.verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '10', success: true });
      const body = await toEnv('Foo', '1', 'prod');
      assert.equal(body.summary.deployable, true);
      assert.equal(body.matrix.length, 2);
    });

    it('8. a deployment without an instance replaces the previous one', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '10', success: false })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '11', success: true })
        .deploy({ pacticipant: 'Bar', version: '10', environment: 'prod' })
        .deploy({ pacticipant: 'Bar', version: '11', environment: 'prod' });
      const body = await toEnv('Foo', '1', 'prod');
      assert.equal(body.summary.deployable, true);
      assert.equal(body.matrix.length, 1);
      await b.td.deploy({ pacticipant: 'Bar', version: '10', environment: 'prod' });
      assert.equal((await toEnv('Foo', '1', 'prod')).summary.deployable, false);
    });

    it('9. content de-dup: interaction-identical pacts share one verification', async () => {
      const base = (p: import('../../support/pact-builder.ts').PactBuilder) =>
        p.withInteraction({ path: '/a' }).withInteraction({ path: '/b' });
      const one = base((await import('../../support/pact-builder.ts')).aPact('Foo', 'Bar')).build();
      const reorder = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(reorder)
          : v && typeof v === 'object'
            ? Object.fromEntries(
                Object.entries(v)
                  .reverse()
                  .map(([k, x]) => [k, reorder(x)]),
              )
            : v;
      const two = { ...one, interactions: [...(one.interactions as unknown[])].reverse().map(reorder) };
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', json: one })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar', json: two as Record<string, unknown> })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '5', success: true })
        .deploy({ pacticipant: 'Bar', version: '5', environment: 'prod' });
      assert.equal((await toEnv('Foo', '1', 'prod')).summary.deployable, true);
      assert.equal((await toEnv('Foo', '2', 'prod')).summary.deployable, true);
    });

    it('10. an unverified second provider makes it unknown; ignoring it makes it true with ignored: 1', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Baz' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'Bar', version: '2', environment: 'prod' })
        .version({ pacticipant: 'Baz', version: '7' })
        .deploy({ pacticipant: 'Baz', version: '7', environment: 'prod' });
      const body = await toEnv('Foo', '1', 'prod');
      assert.equal(body.summary.deployable, null);
      assert.equal(body.summary.unknown, 1);
      assert.match(body.summary.reason, /Baz/);
      const ignored = await toEnv('Foo', '1', 'prod', [['ignore[][pacticipant]', 'Baz']]);
      assert.equal(ignored.summary.deployable, true);
      assert.equal(ignored.summary.ignored, 1);
      assert.match(ignored.summary.reason, /Ignoring: /);
      assert.equal(ignored.matrix.find((r: { provider: { name: string } }) => r.provider.name === 'Baz').ignored, true);
      const viaCid = await b.api.get('/can-i-deploy?pacticipant=Foo&version=1&environment=prod&ignore[]=Baz');
      assert.equal(viaCid.body.summary.deployable, true);
      const unknownIgnore = await toEnv('Foo', '1', 'prod', [['ignore[][pacticipant]', 'Nope']]);
      assert.match(unknownIgnore.summary.reason, /WARN: Cannot ignore Nope/);
    });

    it('11. integrations are per consumer version: an old version without the new provider can deploy', async () => {
      await b.td
        .environment('prod')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'Bar', version: '2', environment: 'prod' })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar' })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Baz' });
      assert.equal((await toEnv('Foo', '1', 'prod')).summary.deployable, true);
      assert.equal((await toEnv('Foo', '2', 'prod')).summary.deployable, null);
    });

    it('12. a version that does not exist is a "no" with a reason; an unknown pacticipant or environment is a 400', async () => {
      await b.td.environment('prod').publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' });
      const body = await toEnv('Bar', '5', 'prod');
      assert.equal(body.summary.deployable, false);
      assert.match(body.summary.reason, /specified version 5 of Bar does not exist/);
      const unknown = await b.api.get(
        `/matrix?${q([...sel('Nobody', '1'), ['latestby', 'cvpv'], ['environment', 'prod']])}`,
      );
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.body.errors), /Pacticipant Nobody not found/);
      const env = await b.api.get(`/matrix?${q([...sel('Foo', '1'), ['environment', 'nowhere']])}`);
      assert.equal(env.status, 400);
    });

    it('13. pacts in both directions: deploying A v1 and B v100 together needs both directions verified', async () => {
      await b.td
        .publishPact({ consumer: 'A', version: '1', provider: 'B' })
        .verify({ consumer: 'A', version: '1', provider: 'B', providerVersion: '100', success: true })
        .publishPact({ consumer: 'B', version: '100', provider: 'A' })
        .verify({ consumer: 'B', version: '100', provider: 'A', providerVersion: '99', success: true });
      const res = await b.api.get(`/matrix?${q([...sel('A', '1'), ...sel('B', '100'), ['latestby', 'cvpv']])}`);
      assert.notEqual(res.body.summary.deployable, true);
      assert.equal(res.body.summary.success, 1);
      assert.equal(res.body.summary.unknown, 1);
    });

    it('14. a provider with no consumers and no pacts: true, "There are no missing dependencies"', async () => {
      await b.td.environment('prod').version({ pacticipant: 'Lonely', version: '1' });
      const body = await toEnv('Lonely', '1', 'prod');
      assert.equal(body.summary.deployable, true);
      assert.match(body.summary.reason, /There are no missing dependencies/);
    });

    it('15. provider deploy where the consumer is deployed and there is no result: not deployable; consumer absent: deployable', async () => {
      await b.td
        .environment('prod')
        .environment('test')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
        .deploy({ pacticipant: 'Foo', version: '1', environment: 'prod' })
        .version({ pacticipant: 'Bar', version: '3' });
      assert.equal((await toEnv('Bar', '3', 'prod')).summary.deployable, null);
      assert.equal((await toEnv('Bar', '3', 'test')).summary.deployable, true);
    });

    it('answers the CLI query shapes: --latest, several pacticipants, --to TAG, can-i-merge, success[] filter, 400s', async () => {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1.0.0', provider: 'orders', branch: 'main' })
        .verify({
          consumer: 'web',
          version: '1.0.0',
          provider: 'orders',
          providerVersion: '2.0.0',
          success: true,
          branch: 'main',
        })
        .version({ pacticipant: 'orders', version: '2.0.0', tags: ['main', 'prod'] });
      const latest = await b.api.get('/matrix?q[][pacticipant]=web&q[][latest]=true&latestby=cvp&latest=true');
      assert.equal(latest.body.summary.deployable, true);
      const multi = await b.api.get(
        '/matrix?q[][pacticipant]=web&q[][version]=1%2e0%2e0&q[][pacticipant]=orders&q[][latest]=true&q[][tag]=main&latestby=cvpv',
      );
      assert.equal(multi.body.summary.deployable, true, multi.text);
      assert.equal(multi.body.matrix.length, 1);
      const toTag = await b.api.get('/matrix?q[][pacticipant]=web&q[][branch]=main&tag=prod&latestby=cvp&latest=true');
      assert.equal(toTag.body.summary.deployable, true);
      assert.match(toTag.body.summary.reason, /WARN: It is recommended to specify the environment/);
      const merge = await b.api.get(
        '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true',
      );
      assert.equal(merge.body.summary.deployable, true);
      const filtered = await b.api.get(
        '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&latest=true&success[]=false',
      );
      assert.equal(filtered.body.matrix.length, 0);
      assert.equal(filtered.body.summary.deployable, true);
      const cid = await b.api.get('/can-i-deploy?pacticipant=web&version=1.0.0&to=prod');
      assert.equal(cid.body.summary.deployable, true);
      for (const bad of [
        '/matrix',
        '/matrix?q[][pacticipant]=web&q[][version]=1&q[][latest]=true',
        '/matrix?q[][pacticipant]=web&tag=a&environment=production',
        '/matrix?q[][pacticipant]=web&latest=true&environment=production',
        '/matrix?q[][pacticipant]=web&limit=0',
        '/can-i-deploy?pacticipant=web&version=1.0.0',
      ]) {
        assert.equal((await b.api.get(bad)).status, 400, bad);
      }
    });
  });
}
