import assert from 'node:assert/strict';
import { path } from '../../../broker/src/links/paths.ts';
import { base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, expand, hal, pathOf, publish } from './support.ts';

describe('hal path()', () => {
  it('encodes /, %, ?, # and unicode so each name stays one segment', () => {
    assert.equal(path('a/b', '50%', 'q?x#y', 'Zürich ✓'), 'a%2Fb/50%25/q%3Fx%23y/Z%C3%BCrich%20%E2%9C%93');
    assert.equal(path('{pacticipant}', 3), '{pacticipant}/3');
  });

  it('never throws, even on a lone surrogate (encodeURIComponent throws a URIError there)', () => {
    assert.throws(() => encodeURIComponent('x\ud800'), URIError);
    assert.equal(path('x\ud800', '\udc00y'), 'x%EF%BF%BD/%EF%BF%BDy');
  });
});

/**
 * Names a user may well pick (a slash in a branch, a percent sign, unicode, a space, a plus) through every
 * kind of resource: each link the broker hands out leads back to the same resource with the same name.
 */
for (const adapter of adapters()) {
  describe(`Awkward names in every route [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    before(async () => (b = await startTestBroker({ adapter })));
    after(async () => b.destroy());

    const consumer = 'web/ui 100% ✓';
    const provider = 'orders?v=2#x';
    const version = '1.0.0+build/7%';
    const branch = 'feat/ü-umlaut%20';
    const tag = 'rc/1 ✓';

    it('publishes, then follows every link back to the same names', async () => {
      await publish(b, { consumer, provider, version, branch, tags: [tag] });
      const v = hal(await b.api.get(`/pacticipants/${path(consumer)}/versions/${path(version)}`));
      assert.equal(v.number, version);
      assert.deepEqual(
        v._embedded.branchVersions.map((x: { name: string }) => x.name),
        [branch],
      );
      assert.deepEqual(
        v._embedded.tags.map((x: { name: string }) => x.name),
        [tag],
      );
      assert.equal(hal(await b.api.get(pathOf(v._links.self.href))).number, version);
      assert.equal(hal(await b.api.get(pathOf(v._links['pb:pacticipant'].href))).name, consumer);
      assert.equal(hal(await b.api.get(pathOf(v._embedded.tags[0]._links.self.href))).name, tag);
      assert.equal(hal(await b.api.get(pathOf(expand(v._links['pb:tag'].href, { tag })))).name, tag);

      const pact = hal(await b.api.get(pathOf(v._links['pb:pact-versions'][0].href)));
      assert.deepEqual([pact.consumer.name, pact.provider.name], [consumer, provider]);
      const sha = pact._links['pb:pact-version'].name as string;
      assert.equal(hal(await b.api.get(pathOf(pact._links['pb:pact-version'].href))).consumer.name, consumer);
      const latest = hal(
        await b.api.get(`/pacts/provider/${path(provider)}/consumer/${path(consumer)}/branch/${path(branch)}/latest`),
      );
      assert.equal(latest._links['pb:pact-version'].name, sha);

      const verified = hal(
        await b.api.post(pathOf(pact._links['pb:publish-verification-results'].href), {
          success: true,
          providerApplicationVersion: version,
        }),
        201,
      );
      const again = hal(await b.api.get(pathOf(verified._links.self.href)));
      assert.equal(again.providerApplicationVersion, version);
      assert.equal(again.success, true);
    });

    it('keeps a metadata segment holding / and % one segment in the links it hands back', async () => {
      await publish(b, { consumer, provider, version });
      const pact = hal(
        await b.api.get(`/pacts/provider/${path(provider)}/consumer/${path(consumer)}/version/${path(version)}`),
      );
      const shaPath = pathOf(pact._links['pb:pact-version'].href);
      const withMetadata = hal(await b.api.get(`${shaPath}/metadata/${path('a/b%c')}`));
      assert.equal(pathOf(withMetadata._links.self.href), `${shaPath}/metadata/a%2Fb%25c`);
      const results = pathOf(withMetadata._links['pb:publish-verification-results'].href);
      assert.equal(results, `${shaPath}/metadata/a%2Fb%25c/verification-results`);
      assert.equal((await b.api.post(results, { success: true, providerApplicationVersion: '9' })).status, 201);
    });

    it('records deployments and provider contracts, and answers can-i-deploy, for such names', async () => {
      const env = await createEnvironment(b, 'prod/eu-✓', true);
      await publish(b, { consumer, provider, version });
      const doc = { openapi: '3.0.3', info: { title: 'o', version: '1' }, paths: {} };
      const published = hal(
        await b.api.post(`/provider-contracts/provider/${path(provider)}/publish`, {
          pacticipantVersionNumber: '2/0%',
          contract: { content: base64(doc), contentType: 'application/json', specification: 'oas' },
        }),
      );
      const contract = hal(await b.api.get(pathOf(published._links.self.href)));
      assert.deepEqual([contract.provider, contract.providerVersion], [provider, '2/0%']);
      const deployed = hal(
        await b.api.post(
          `/pacticipants/${path(provider)}/versions/${path('2/0%')}/deployed-versions/environment/${env}`,
          {},
        ),
        201,
      );
      assert.equal(hal(await b.api.get(pathOf(deployed._links.self.href))).uuid, deployed.uuid);
      const cid = await b.api.get(
        `/can-i-deploy?${new URLSearchParams({ pacticipant: consumer, version, environment: 'prod/eu-✓' })}`,
      );
      assert.equal(cid.status, 200, cid.text);
      // Nothing verified this pact against provider 2/0%: unknown, so not deployable.
      assert.notEqual(cid.body.summary.deployable, true);
      assert.equal(cid.body.matrix[0].provider.name, provider);
    });
  });
}
