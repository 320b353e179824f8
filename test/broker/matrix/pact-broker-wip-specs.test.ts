/**
 * The lifecycle of a WIP pact, as the Pact Broker's spec/features/wip_pacts_spec.rb and
 * pending_pacts_with_tags_spec.rb (pact-foundation/pact_broker, MIT) walk it, through rollgate's HTTP API only:
 * consumer builds PUT pacts and tags, provider builds ask for pacts for verification, fetch each pact by the URL they
 * were given (its metadata says WIP or not) and publish results to that pact's publish link. Issue 14, behaviour 1.
 */
import assert from 'node:assert/strict';
import { aPact } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

type Pfv = {
  verificationProperties: { pending?: boolean; wip?: boolean };
  _links: { self: { href: string } };
};

const content = (path: string) => aPact('Foo', 'Bar').withInteraction({ path }).build();
const PACT_1 = content('/one');
const PACT_2 = content('/two');
const PACT_3 = content('/three');

for (const adapter of adapters()) {
  describe(`the lifecycle of a WIP pact, from the Pact Broker's specs (${adapter})`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    const since = new Date(Date.now() - 86_400_000).toISOString();
    const ok = (res: { status: number; text: string }, ...status: number[]) =>
      assert.ok(status.includes(res.status), `${res.status} ${res.text}`);

    const publish = async (version: string, tag: string, pact: Record<string, unknown>) => {
      ok(await b.api.put(`/pacts/provider/Bar/consumer/Foo/version/${version}`, pact), 200, 201);
      ok(await b.api.put(`/pacticipants/Foo/versions/${version}/tags/${tag}`), 200, 201);
    };
    const publishWithMasterTag = () => publish('1', 'master', PACT_1);
    const publishWithFeatureTag = (version = '2', tag = 'feat-x', pact = PACT_2) => publish(version, tag, pact);
    const mergeFeatureIntoMaster = () => publish('3', 'master', PACT_2);

    const pactsForVerification = async (providerTag = 'master', consumerTag = 'master'): Promise<Pfv[]> => {
      const res = await b.api.post('/pacts/provider/Bar/for-verification', {
        consumerVersionSelectors: [{ tag: consumerTag, latest: true, fallbackTag: 'master' }],
        providerVersionTags: [providerTag],
        includeWipPactsSince: since,
        includePendingStatus: true,
      });
      assert.equal(res.status, 200, res.text);
      return res.body._embedded.pacts;
    };
    const wipOf = (pacts: Pfv[]) => pacts.filter((p) => p.verificationProperties.wip);

    /** Fetches the pact by the URL pacts for verification gave, and publishes a result to its publish link. */
    const verify = async (pactUrl: string, providerVersion: string, tag: string, success: boolean) => {
      const pact = await b.api.get(new URL(pactUrl).pathname);
      assert.equal(pact.status, 200, pact.text);
      const publishUrl = new URL(pact.body._links['pb:publish-verification-results'].href).pathname;
      ok(await b.api.post(publishUrl, { success, providerApplicationVersion: providerVersion }), 201);
      ok(await b.api.put(`/pacticipants/Bar/versions/${providerVersion}/tags/${tag}`), 200, 201);
    };

    const canIDeploy = async (version: string, to: string) => {
      const res = await b.api.get(`/can-i-deploy?pacticipant=Foo&version=${version}&to=${to}`);
      assert.equal(res.status, 200, res.text);
      return res.body.summary.deployable as boolean | null;
    };

    it('a pact with a tag not asked for is included as WIP (and pending) when first published', async () => {
      await publishWithMasterTag();
      await publishWithFeatureTag();
      const wip = wipOf(await pactsForVerification());
      assert.equal(wip.length, 1);
      assert.equal(wip[0].verificationProperties.pending, true);
    });

    it('verified unsuccessfully: still WIP', async () => {
      await publishWithMasterTag();
      await publishWithFeatureTag();
      await verify(wipOf(await pactsForVerification())[0]._links.self.href, '2', 'master', false);
      assert.equal(wipOf(await pactsForVerification()).length, 1);
    });

    it('verified successfully while included as a WIP pact: still WIP, still pending (the result came through the WIP URL)', async () => {
      await publishWithMasterTag();
      await publishWithFeatureTag();
      const first = wipOf(await pactsForVerification());
      assert.equal(first[0].verificationProperties.pending, true);
      await verify(first[0]._links.self.href, '2', 'master', true);
      const again = wipOf(await pactsForVerification());
      assert.equal(again.length, 1, 'one green WIP run does not take the pact out of the provider builds');
      assert.equal(again[0].verificationProperties.pending, true);
    });

    it('verified successfully when included explicitly: no longer WIP', async () => {
      await publishWithMasterTag();
      await publishWithFeatureTag();
      await verify(wipOf(await pactsForVerification())[0]._links.self.href, '2', 'master', true);
      await mergeFeatureIntoMaster();
      const pacts = await pactsForVerification();
      assert.equal(wipOf(pacts).length, 0);
      // Selected explicitly now: verified green as such, and after that it is no WIP candidate anywhere on master.
      await verify(pacts[0]._links.self.href, '4', 'master', true);
      assert.equal(wipOf(await pactsForVerification()).length, 0);
    });

    it('a feature branching scenario: WIP until merged; the WIP result counts in the matrix (can-i-merge)', async () => {
      await publishWithMasterTag();
      await publishWithFeatureTag();
      assert.notEqual(await canIDeploy('2', 'master'), true);
      await verify(wipOf(await pactsForVerification())[0]._links.self.href, '1', 'master', true);
      assert.equal(await canIDeploy('2', 'master'), true, 'the matrix counts a result published through a WIP URL');
      const wip = wipOf(await pactsForVerification());
      assert.equal(wip.length, 1);
      assert.equal(wip[0].verificationProperties.wip, true);
      assert.equal(wip[0].verificationProperties.pending, true);
      await verify(wip[0]._links.self.href, '2', 'master', true);
      await mergeFeatureIntoMaster();
      assert.equal(await canIDeploy('3', 'master'), true);
      assert.equal(wipOf(await pactsForVerification()).length, 0);
    });

    it('multiple provider feature branches: WIP on a second new tag even though the first verified it successfully', async () => {
      await publishWithFeatureTag();
      const first = await pactsForVerification('feat-1', 'master');
      await verify(wipOf(first)[0]._links.self.href, '1', 'feat-1', true);
      assert.equal(
        wipOf(await pactsForVerification('feat-2', 'master')).length,
        1,
        'a success on another tag through a WIP URL is no approval for a new tag',
      );
    });

    it('the same with provider branches: a green WIP run on feat-1 leaves the pact WIP for a new feat-2', async () => {
      await publishWithFeatureTag();
      const ask = async (branch: string) => {
        const res = await b.api.post('/pacts/provider/Bar/for-verification', {
          consumerVersionSelectors: [{ tag: 'master', latest: true }],
          providerVersionBranch: branch,
          includeWipPactsSince: since,
          includePendingStatus: true,
        });
        assert.equal(res.status, 200, res.text);
        return wipOf(res.body._embedded.pacts);
      };
      const first = await ask('feat-1');
      assert.equal(first.length, 1);
      ok(await b.api.put('/pacticipants/Bar/branches/feat-1/versions/1'), 200, 201);
      const pact = await b.api.get(new URL(first[0]._links.self.href).pathname);
      const publishUrl = new URL(pact.body._links['pb:publish-verification-results'].href).pathname;
      ok(await b.api.post(publishUrl, { success: true, providerApplicationVersion: '1' }), 201);
      assert.equal((await ask('feat-1')).length, 1, 'still WIP on feat-1 itself');
      assert.equal((await ask('feat-2')).length, 1, 'and on a new branch');
    });

    it('matching feature branches: stays WIP on master after a success on the provider feature tag', async () => {
      await publishWithFeatureTag();
      await verify(wipOf(await pactsForVerification('master'))[0]._links.self.href, '1', 'master', false);
      const feature = await pactsForVerification('feat-x', 'feat-x');
      assert.equal(wipOf(feature).length, 0, 'selected explicitly on the matching tag');
      await verify(feature[0]._links.self.href, '2', 'feat-x', true);
      assert.equal(wipOf(await pactsForVerification('master')).length, 1);
    });

    it('a brand new provider tag: pacts verified by another tag before it existed are not WIP; new ones are', async () => {
      await publishWithMasterTag();
      const master = await pactsForVerification('master', 'master');
      await verify(master[0]._links.self.href, '1', 'master', true);
      await publishWithFeatureTag();
      assert.equal(wipOf(await pactsForVerification('feat-y', 'master')).length, 1);
      await publishWithFeatureTag('4', 'feat-z', PACT_3);
      assert.equal(wipOf(await pactsForVerification('feat-y', 'master')).length, 2);
    });

    it('pending lifecycle with tags (pending_pacts_with_tags_spec): pending until verified successfully', async () => {
      ok(await b.api.put('/pacts/provider/Bar/consumer/Foo/version/1', PACT_1), 201);
      const pending = async (tag: string) => {
        const res = await b.api.post('/pacts/provider/Bar/for-verification', {
          includePendingStatus: true,
          providerVersionTags: [tag],
        });
        return res.body._embedded.pacts[0].verificationProperties.pending as boolean;
      };
      assert.equal(await pending('main'), true);
      const url = (
        await b.api.post('/pacts/provider/Bar/for-verification', {
          includePendingStatus: true,
          providerVersionTags: ['main'],
        })
      ).body._embedded.pacts[0]._links.self.href;
      ok(await b.api.put('/pacticipants/Bar/versions/2/tags/main'), 200, 201);
      await verify(url, '2', 'main', false);
      assert.equal(await pending('main'), true);
      await verify(url, '2', 'main', true);
      assert.equal(await pending('main'), false);
      assert.equal(await pending('feat/foo'), false, 'a new tag inherits approvals from before it existed');
    });
  });
}
