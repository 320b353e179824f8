import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../cli/src/scenario/load.ts';
import { run } from '../cli/support.ts';
import { aPact } from '../support/pact-builder.ts';
import { settleEvidence } from '../support/settle.ts';
import { adapters, freshDatabaseLocation, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { apiClient, type ApiClient } from '../support/http-client.ts';

const scenario = fileURLToPath(new URL('../../fixtures/scenarios/shop-rollback.json', import.meta.url));
/**
 * The scenario's steps a Pact Broker can hold: its data migrations (rollgate's own, issue 21) have no place in the
 * Pact Broker's API, so a history moved in from one has none.
 */
const pactBrokerSteps = join(mkdtempSync(join(tmpdir(), 'pb-import-')), 'shop.json');
const shop = JSON.parse(readFileSync(scenario, 'utf8')) as { steps: Record<string, unknown>[] };
writeFileSync(pactBrokerSteps, JSON.stringify({ steps: shop.steps.filter((step) => !('migration' in step)) }));
const enc = encodeURIComponent;

/**
 * `rollgate import --from-pact-broker`: a second rollgate serving the Pact Broker API is the source. Its history
 * is the shop scenario of fixtures/ (published, verified and deployed through its HTTP API) plus what the scenario
 * lacks: a second environment, an undeployment, a release and its end, tags, labels, a pact shared by two
 * consumer versions and a webhook with a secret. After the import, a broker on the destination database must
 * answer can-i-deploy and can-i-rollback as the source does, for every environment.
 */
for (const adapter of adapters()) {
  describe(`rollgate import --from-pact-broker: a rollgate as the source, into ${adapter}`, function () {
    this.timeout(120_000);
    let source: TestBroker;
    let dest: { location: string; drop: () => Promise<void> };

    const importIt = (...extra: string[]) =>
      run(
        [
          'import',
          '--database',
          dest.location,
          '--from-pact-broker',
          source.url,
          '--from-token',
          'read-token',
          '--output',
          'json',
          ...extra,
        ],
        {},
      );

    before(async () => {
      // The source asks for credentials; the import reads with a read-only token (which sees no webhook secret).
      source = await startTestBroker({ config: { tokens: 'admin:admin-token:admin,reader:read-token:read' } });
      source.api = apiClient(source.url, { authorization: 'Bearer admin-token' });
      dest = await freshDatabaseLocation(adapter);
      await loadScenario(source.url, pactBrokerSteps, { authorization: 'Bearer admin-token' });
      await addHistory(source.api);
    });
    after(async () => {
      await source.destroy();
      await dest.drop();
    });

    it('imports every kind, then answers can-i-deploy and can-i-rollback as the source, for every environment', async () => {
      const r = await importIt();
      assert.equal(r.code, 0, r.out + r.err);
      const summary = JSON.parse(r.out);
      assert.deepEqual(summary.skipped, []);
      assert.deepEqual(
        Object.fromEntries(Object.entries(summary.counts).map(([k, c]) => [k, (c as { added: number }).added])),
        {
          environment: 2,
          pacticipant: 3,
          label: 1,
          version: 7,
          branch: 2,
          branchVersion: 4,
          tag: 2,
          // web 2.0.1 published the same content as web 2.0.0: five publications, four pact versions.
          pactVersion: 4,
          pactPublication: 5,
          verification: 8,
          deployedVersion: 10,
          undeployment: 0,
          releasedVersion: 1,
          supportEnded: 0,
          webhook: 1,
        },
      );
      assert.match(r.err, /webhook wh-import-1 imported disabled: .*request\.headers\.Authorization/);
      assert.equal(summary.warnings.length, 1);

      const target = await startTestBroker({ database: dest.location });
      try {
        await sameAnswers(source, target);
        // Consumer versions that share a pact (the same content) share one pact version.
        const sha = async (api: ApiClient, v: string) =>
          (await api.get(`/pacts/provider/checkout/consumer/web/version/${v}`)).body._links['pb:pact-version'].name;
        assert.equal(await sha(target.api, '2.0.1'), await sha(target.api, '2.0.0'));
        // The source's timestamps, pacticipant fields and labels.
        for (const path of ['/pacticipants/web/versions/2.0.1', '/pacticipants/payments/versions/1.0.0']) {
          const [a, b] = await Promise.all([source.api.get(path), target.api.get(path)]);
          assert.equal(b.body.createdAt, a.body.createdAt, path);
          assert.deepEqual(
            b.body._embedded.tags.map((t: { name: string }) => t.name),
            a.body._embedded.tags.map((t: { name: string }) => t.name),
          );
        }
        const web = (await target.api.get('/pacticipants/web')).body;
        assert.equal(web.repositoryUrl, 'https://github.com/shop/web');
        assert.equal(web.mainBranch, 'main');
        assert.deepEqual(
          (await target.api.get('/pacticipants/label/frontend')).body._embedded.pacticipants.map(
            (p: { name: string }) => p.name,
          ),
          ['web'],
        );
        const hook = (await target.api.get('/webhooks/wh-import-1')).body;
        assert.equal(hook.enabled, false);
        assert.equal(hook.request.url, 'https://ci.example.com/build');
        // Verification details: build URL and test results.
        const latest = await target.api.get(
          `/pacts/provider/payments/consumer/checkout/pact-version/${await shaOf(target.api, 'payments', 'checkout', '2.0.0')}/verification-results/latest`,
        );
        assert.equal(latest.status, 200);
      } finally {
        await target.stop();
      }
    });

    it('a second run adds only what is new and changes nothing else', async () => {
      const again = await importIt();
      assert.equal(again.code, 0, again.out + again.err);
      const counts = JSON.parse(again.out).counts as Record<string, { added: number; skipped: number }>;
      for (const [kind, c] of Object.entries(counts)) assert.equal(c.added, 0, `${kind} added again`);

      // New history at the source: a version, its pact and verification, and a deployment ending another.
      await publish(source.api, 'web', '3.0.0', 'checkout', '/cart/3');
      await verify(source.api, 'web', '3.0.0', 'checkout', '2.0.0', true);
      await deployTo(source.api, 'web', '3.0.0', 'production');
      const third = await importIt();
      assert.equal(third.code, 0, third.out + third.err);
      const summary = JSON.parse(third.out);
      assert.deepEqual(summary.skipped, []);
      const added = Object.fromEntries(
        Object.entries(summary.counts as Record<string, { added: number }>)
          .filter(([, c]) => c.added > 0)
          .map(([k, c]) => [k, c.added]),
      );
      // web 2.0.0's deployment in production ended when web 3.0.0's was recorded.
      assert.deepEqual(added, {
        version: 1,
        pactVersion: 1,
        pactPublication: 1,
        verification: 1,
        deployedVersion: 1,
        undeployment: 1,
      });

      const target = await startTestBroker({ database: dest.location });
      try {
        await sameAnswers(source, target);
      } finally {
        await target.stop();
      }
    });

    it('says what is wrong with its flags, and never reads the --broker-* settings for the source', async () => {
      const none = await run(['import', '--database', dest.location]);
      assert.equal(none.code, 2);
      assert.match(none.err, /--from-pact-broker/);
      const both = await run([
        'import',
        '--database',
        dest.location,
        '--from-pact-broker',
        source.url,
        '--from-token',
        't',
        '--from-username',
        'u',
      ]);
      assert.equal(both.code, 2);
      const down = await run(['import', '--database', dest.location, '--from-pact-broker', 'http://127.0.0.1:9'], {
        PACT_BROKER_BASE_URL: source.url,
      });
      assert.equal(down.code, 3, down.out + down.err);
      assert.match(down.err, /run the same command again/);
      // rollgate's own broker credentials are not the source's: without --from-token the source refuses.
      const refused = await run(['import', '--database', dest.location, '--from-pact-broker', source.url], {
        PACT_BROKER_TOKEN: 'read-token',
        ROLLGATE_BROKER_TOKEN: 'read-token',
      });
      assert.equal(refused.code, 4, refused.out + refused.err);
      assert.match(refused.err, /answered 401/);
    });
  });
}

/** History the scenario lacks, through the source's HTTP API as clients write it. */
async function addHistory(api: ApiClient) {
  await ok(api.post('/environments', { name: 'test', production: false }));
  await ok(api.patch('/pacticipants/web', { repositoryUrl: 'https://github.com/shop/web' }, mergePatch));
  await ok(api.put('/pacticipants/web/labels/frontend'));
  await ok(api.put('/pacticipants/payments/versions/1.0.0/tags/prod'));
  // web 2.0.1 publishes the same pact as web 2.0.0.
  const same = (await api.get('/pacts/provider/checkout/consumer/web/version/2.0.0')).body;
  const { _links, createdAt, ...content } = same;
  await ok(api.put('/pacts/provider/checkout/consumer/web/version/2.0.1', content));
  await ok(api.put('/pacticipants/web/versions/2.0.1/tags/rc'));
  // The test environment: deployed, undeployed, deployed again; a release whose support ends.
  for (const p of ['payments', 'checkout']) await deployTo(api, p, '2.0.0', 'test');
  await deployTo(api, 'web', '2.0.1', 'test');
  const current = (
    await api.get(`/environments/${await envUuid(api, 'test')}/deployed-versions/currently-deployed?pacticipant=web`)
  ).body;
  await ok(
    api.patch(
      new URL(current._embedded.deployedVersions[0]._links.self.href).pathname,
      { currentlyDeployed: false },
      mergePatch,
    ),
  );
  await deployTo(api, 'web', '1.0.0', 'test');
  const versionDoc = (await api.get('/pacticipants/payments/versions/1.0.0')).body;
  const rel = versionDoc._links['pb:record-release'].find((l: { name: string }) => l.name === 'test');
  const released = await ok(api.post(new URL(rel.href).pathname, {}));
  await ok(api.patch(new URL(released.body._links.self.href).pathname, { currentlySupported: false }, mergePatch));
  await ok(
    api.post('/webhooks', {
      uuid: 'wh-import-1',
      description: 'build checkout',
      provider: { name: 'checkout' },
      events: [{ name: 'contract_content_changed' }],
      request: { method: 'POST', url: 'https://ci.example.com/build', headers: { Authorization: 'Bearer s3cret' } },
    }),
  );
}

const mergePatch = { 'content-type': 'application/merge-patch+json' };

async function ok<T extends { status: number; text: string }>(p: Promise<T>): Promise<T> {
  const res = await p;
  assert.ok(res.status < 300, `${res.status} ${res.text}`);
  return res;
}

async function envUuid(api: ApiClient, name: string): Promise<string> {
  const envs = (await api.get('/environments')).body._embedded.environments as { name: string; uuid: string }[];
  return envs.find((e) => e.name === name)!.uuid;
}

async function deployTo(api: ApiClient, pacticipant: string, version: string, environment: string) {
  const doc = (await api.get(`/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`)).body;
  const link = doc._links['pb:record-deployment'].find((l: { name: string }) => l.name === environment);
  await ok(api.post(new URL(link.href).pathname, {}));
}

async function publish(api: ApiClient, consumer: string, version: string, provider: string, path: string) {
  const pact = aPact(consumer, provider).withInteraction({ path }).build();
  await ok(api.put(`/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(version)}`, pact));
}

async function verify(
  api: ApiClient,
  consumer: string,
  version: string,
  provider: string,
  pv: string,
  success: boolean,
) {
  const pact = (await api.get(`/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(version)}`))
    .body;
  await ok(
    api.post(new URL(pact._links['pb:publish-verification-results'].href).pathname, {
      providerApplicationVersion: pv,
      success,
      buildUrl: `https://ci.example.com/${provider}/${pv}`,
    }),
  );
}

async function shaOf(api: ApiClient, provider: string, consumer: string, version: string): Promise<string> {
  return (await api.get(`/pacts/provider/${provider}/consumer/${consumer}/version/${version}`)).body._links[
    'pb:pact-version'
  ].name;
}

/**
 * Every environment, every pacticipant: can-i-rollback's answer, and can-i-deploy of each of its versions to the
 * environment, the same from both brokers (links aside).
 */
async function sameAnswers(from: TestBroker, to: TestBroker) {
  // Derived evidence is recomputed after an import: compare once both brokers' evidence work is done (the source's
  // webhook keeps retrying against a target that is not there: not waited for).
  await settleEvidence(from.deps.store, 60_000, ['webhook.deliver']);
  await settleEvidence(to.deps.store, 60_000, ['webhook.deliver']);
  const [a, b] = [from.api, to.api];
  const strip = (body: unknown) => stripped(body, [from.url, to.url]);
  const envs = ((await a.get('/environments')).body._embedded.environments as { name: string }[]).map((e) => e.name);
  const names = ((await a.get('/pacticipants')).body._embedded.pacticipants as { name: string }[]).map((p) => p.name);
  assert.ok(envs.length >= 2 && names.length >= 3);
  let asked = 0;
  for (const env of envs) {
    for (const name of names) {
      const q = `/can-i-rollback?environment=${enc(env)}&pacticipant=${enc(name)}`;
      const [x, y] = await Promise.all([a.get(q), b.get(q)]);
      assert.equal(y.status, x.status, q);
      assert.deepEqual(strip(y.body), strip(x.body), q);
      const versions = (await a.get(`/pacticipants/${enc(name)}/versions`)).body._embedded.versions as {
        number: string;
      }[];
      for (const v of versions) {
        const cid = `/can-i-deploy?pacticipant=${enc(name)}&version=${enc(v.number)}&environment=${enc(env)}`;
        const [c, d] = await Promise.all([a.get(cid), b.get(cid)]);
        assert.equal(d.status, c.status, cid);
        assert.deepEqual(strip(d.body), strip(c.body), cid);
        asked++;
      }
    }
  }
  assert.ok(asked > 10, `${asked} can-i-deploy questions`);
}

/** An answer without what differs between two brokers holding the same history: their links and base URLs. */
function stripped(body: unknown, bases: string[]): unknown {
  let text = JSON.stringify(body, (k, v) => (k === '_links' ? undefined : v));
  for (const base of bases) text = text.replaceAll(base, 'BASE');
  return JSON.parse(text);
}
