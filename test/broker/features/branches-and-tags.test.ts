import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { expand, hal, pathOf, publish, refused } from './support.ts';

for (const adapter of adapters()) {
  describe(`Branches and tags [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    describe('tags', () => {
      it('PUT a tag: 201 with Location (pacticipant and version created on the fly), 200 when it exists; GET and DELETE it', async () => {
        const url = '/pacticipants/orders/versions/2.0.0/tags/prod';
        const res = await b.api.put(url, {});
        const tag = hal(res, 201);
        assert.equal(res.headers.get('location'), `${b.url}${url}`);
        assert.equal(tag.name, 'prod');
        assert.equal(hal(await b.api.get(pathOf(tag._links['pb:version'].href))).number, '2.0.0');
        hal(await b.api.put(url), 200);
        assert.equal(hal(await b.api.get(url)).name, 'prod');
        assert.equal(hal(await b.api.get('/pacticipants/orders/latest-version/prod')).number, '2.0.0');
        assert.equal((await b.api.delete(url)).status, 204);
        assert.equal((await b.api.get(url)).status, 404);
        assert.deepEqual(hal(await b.api.get('/pacticipants/orders/versions/2.0.0'))._embedded.tags, []);
        assert.equal((await b.api.delete(url)).status, 404);
      });

      it('tags with names that need encoding round-trip', async () => {
        const tag = 'feat/x y';
        hal(await b.api.put(`/pacticipants/orders/versions/1.0.0%2Bbuild/tags/${encodeURIComponent(tag)}`, {}), 201);
        const v = hal(await b.api.get('/pacticipants/orders/versions/1.0.0%2Bbuild'));
        assert.equal(v.number, '1.0.0+build');
        assert.equal(v._embedded.tags[0].name, tag);
        assert.equal(hal(await b.api.get(pathOf(v._embedded.tags[0]._links.self.href))).name, tag);
      });

      it('GET and DELETE of an unknown tag, version or pacticipant are 404s', async () => {
        await b.api.put('/pacticipants/orders/versions/1/tags/dev', {});
        for (const url of [
          '/pacticipants/orders/versions/1/tags/prod',
          '/pacticipants/orders/versions/9/tags/dev',
          '/pacticipants/nobody/versions/1/tags/dev',
        ]) {
          assert.equal((await b.api.get(url)).status, 404, url);
          await refused(b, 404, () => b.api.delete(url));
        }
      });

      it('a PUT with malformed JSON is a 400 that creates nothing', async () => {
        await refused(b, 400, () => b.api.put('/pacticipants/orders/versions/1/tags/dev', '{'), /not valid JSON/);
      });
    });

    describe('branches', () => {
      it('PUT a branch version: 201 with Location, then 200; main/master/develop becomes the main branch', async () => {
        const url = '/pacticipants/orders/branches/main/versions/1';
        const res = await b.api.put(url, {});
        const body = hal(res, 201);
        assert.equal(res.headers.get('location'), `${b.url}${url}`);
        assert.equal(body.name, 'main');
        hal(await b.api.put(url, {}), 200);
        assert.equal(hal(await b.api.get('/pacticipants/orders')).mainBranch, 'main');
        assert.deepEqual(
          hal(await b.api.get('/pacticipants/orders/versions/1'))._embedded.branchVersions.map(
            (x: { name: string }) => x.name,
          ),
          ['main'],
        );
        await b.api.put('/pacticipants/orders/branches/feat-a/versions/2', {});
        assert.equal(hal(await b.api.get('/pacticipants/orders')).mainBranch, 'main');
      });

      it('lists branches, a branch, its versions and its latest version', async () => {
        await b.api.put('/pacticipants/orders/branches/main/versions/1', {});
        await b.api.put('/pacticipants/orders/branches/main/versions/2', {});
        await b.api.put('/pacticipants/orders/branches/feat%2Fb/versions/3', {});
        const list = hal(await b.api.get('/pacticipants/orders/branches'));
        assert.deepEqual(
          list._embedded.branches.map((x: { name: string }) => x.name),
          ['feat/b', 'main'],
        );
        const branch = hal(await b.api.get(pathOf(list._embedded.branches[0]._links.self.href)));
        assert.equal(branch.name, 'feat/b');
        assert.equal(hal(await b.api.get(pathOf(branch._links['pb:latest-version'].href))).number, '3');
        const versions = hal(await b.api.get('/pacticipants/orders/branches/main/versions'));
        assert.deepEqual(
          versions._embedded.versions.map((x: { number: string }) => x.number),
          ['2', '1'],
        );
        assert.equal(hal(await b.api.get('/pacticipants/orders/branches/main/latest-version')).number, '2');
      });

      it('DELETE a branch (204) keeps its versions', async () => {
        await publish(b, { consumer: 'web', version: '1', branch: 'feat-x' });
        assert.equal((await b.api.delete('/pacticipants/web/branches/feat-x')).status, 204);
        assert.equal((await b.api.get('/pacticipants/web/branches/feat-x')).status, 404);
        const v = hal(await b.api.get('/pacticipants/web/versions/1'));
        assert.deepEqual(v._embedded.branchVersions, []);
        assert.equal(hal(await b.api.get('/pacts/provider/orders/consumer/web/version/1')).consumer.name, 'web');
      });

      it('unknown branches and pacticipants are 404s that change nothing', async () => {
        await b.api.put('/pacticipants/orders/branches/main/versions/1', {});
        for (const url of [
          '/pacticipants/orders/branches/nope',
          '/pacticipants/orders/branches/nope/versions',
          '/pacticipants/orders/branches/nope/latest-version',
          '/pacticipants/nobody/branches',
        ]) {
          assert.equal((await b.api.get(url)).status, 404, url);
        }
        await refused(b, 404, () => b.api.delete('/pacticipants/orders/branches/nope'));
        await refused(b, 404, () => b.api.delete('/pacticipants/nobody/branches/main'));
        await refused(
          b,
          400,
          () => b.api.put('/pacticipants/orders/branches/main/versions/2', '{"x":'),
          /not valid JSON/,
        );
      });
    });

    it('the Verifier publishing flow: from a pact, pb:provider, then pb:branch-version and pb:version-tag with {}', async () => {
      await publish(b, { consumer: 'web', provider: 'orders', version: '1' });
      const pact = hal(await b.api.get('/pacts/provider/orders/consumer/web/latest'));
      const provider = hal(await b.api.get(pathOf(pact._links['pb:provider'].href)));
      const branchUrl = pathOf(
        expand(provider._links['pb:branch-version'].href, { branch: 'main', version: 'abc123' }),
      );
      hal(await b.api.put(branchUrl, {}), 201);
      const tagUrl = pathOf(expand(provider._links['pb:version-tag'].href, { version: 'abc123', tag: 'prod' }));
      hal(await b.api.put(tagUrl, {}), 201);
      const v = hal(await b.api.get('/pacticipants/orders/versions/abc123'));
      assert.deepEqual([v._embedded.branchVersions[0].name, v._embedded.tags[0].name], ['main', 'prod']);
    });
  });
}
