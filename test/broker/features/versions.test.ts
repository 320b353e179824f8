import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, hal, pathOf, publish, refused } from './support.ts';

for (const adapter of adapters()) {
  describe(`Versions [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('GET /pacticipants/{p}/versions/{v}: branches, tags, pacts, and one pb:record-deployment and pb:record-release link per environment', async () => {
      const prod = await createEnvironment(b, 'production');
      const test = await createEnvironment(b, 'test');
      await publish(b, { version: '1.0.0', branch: 'main', tags: ['dev', 'rc'] });
      const v = hal(await b.api.get('/pacticipants/web/versions/1.0.0'));
      assert.equal(v.number, '1.0.0');
      assert.deepEqual(
        v._embedded.branchVersions.map((x: { name: string }) => x.name),
        ['main'],
      );
      assert.deepEqual(
        v._embedded.tags.map((x: { name: string }) => x.name),
        ['dev', 'rc'],
      );
      assert.equal(v._links['pb:tag'].templated, true);
      assert.equal(hal(await b.api.get(pathOf(v._links['pb:pacticipant'].href))).name, 'web');
      assert.equal(hal(await b.api.get(pathOf(v._links['pb:pact-versions'][0].href))).provider.name, 'orders');
      for (const rel of ['pb:record-deployment', 'pb:record-release']) {
        const links = v._links[rel] as { name: string; href: string }[];
        assert.deepEqual(links.map((l) => l.name).sort(), ['production', 'test'], rel);
        assert.ok(links.find((l) => l.name === 'production')!.href.endsWith(`/environment/${prod}`));
        assert.ok(links.find((l) => l.name === 'test')!.href.endsWith(`/environment/${test}`));
      }
      // what `pact-broker record-deployment` does: pick the link named after the environment and POST to it
      const deploy = v._links['pb:record-deployment'].find((l: { name: string }) => l.name === 'test');
      const deployed = hal(await b.api.post(pathOf(deploy.href), { applicationInstance: null, target: null }), 201);
      assert.equal(deployed._embedded.environment.name, 'test');
      const release = v._links['pb:record-release'].find((l: { name: string }) => l.name === 'production');
      assert.equal(hal(await b.api.post(pathOf(release.href), {}), 201)._embedded.environment.name, 'production');
    });

    it('PUT creates a version with branch, build URL and tags (201), again answers 200; PATCH merges', async () => {
      const res = await b.api.put('/pacticipants/orders/versions/2.0.0', {
        branch: 'main',
        buildUrl: 'https://ci.example/1',
        tags: ['dev'],
      });
      const created = hal(res, 201);
      assert.equal(res.headers.get('location'), `${b.url}/pacticipants/orders/versions/2.0.0`);
      assert.equal(created.buildUrl, 'https://ci.example/1');
      assert.deepEqual(
        created._embedded.tags.map((t: { name: string }) => t.name),
        ['dev'],
      );
      hal(await b.api.put('/pacticipants/orders/versions/2.0.0', { branch: 'main' }), 200);
      const patched = hal(
        await b.api.patch(
          '/pacticipants/orders/versions/2.0.0',
          { tags: [{ name: 'prod' }] },
          { 'content-type': 'application/merge-patch+json' },
        ),
        200,
      );
      assert.deepEqual(
        patched._embedded.tags.map((t: { name: string }) => t.name),
        ['dev', 'prod'],
      );
      assert.equal(patched.buildUrl, 'https://ci.example/1');
      assert.equal(hal(await b.api.get('/pacticipants/orders')).mainBranch, 'main');
    });

    it('lists versions newest first, a page at a time', async () => {
      for (const n of ['1', '2', '3', '4', '5']) await b.api.put(`/pacticipants/orders/versions/${n}`, {});
      const first = hal(await b.api.get('/pacticipants/orders/versions?pageSize=2'));
      assert.deepEqual(
        first._embedded.versions.map((v: { number: string }) => v.number),
        ['5', '4'],
      );
      assert.deepEqual(first.page, { number: 1, size: 2, totalElements: 5, totalPages: 3 });
      const second = hal(await b.api.get(pathOf(first._links.next.href)));
      assert.deepEqual(
        second._embedded.versions.map((v: { number: string }) => v.number),
        ['3', '2'],
      );
      const last = hal(await b.api.get('/pacticipants/orders/versions?pageNumber=3&pageSize=2'));
      assert.deepEqual(
        last._embedded.versions.map((v: { number: string }) => v.number),
        ['1'],
      );
      assert.equal(last._links.next, undefined);
      assert.equal(hal(await b.api.get(pathOf(last._embedded.versions[0]._links.self.href))).number, '1');
      assert.equal((await b.api.get('/pacticipants/orders/versions?pageSize=0')).status, 400);
    });

    it('latest-version and latest-version/{tag} follow creation order, not semver', async () => {
      await b.api.put('/pacticipants/orders/versions/10.0.0', { tags: ['prod'] });
      await b.api.put('/pacticipants/orders/versions/9.0.0', { tags: ['dev'] });
      assert.equal(hal(await b.api.get('/pacticipants/orders/latest-version')).number, '9.0.0');
      assert.equal(hal(await b.api.get('/pacticipants/orders/latest-version/prod')).number, '10.0.0');
      assert.equal((await b.api.get('/pacticipants/orders/latest-version/none')).status, 404);
      assert.equal((await b.api.get('/pacticipants/nobody/latest-version')).status, 404);
    });

    it('DELETE removes a version (204) but refuses one with deployment history (409)', async () => {
      await publish(b, { version: '1' });
      await publish(b, { version: '2' });
      const env = await createEnvironment(b, 'production');
      assert.equal(
        (await b.api.post(`/pacticipants/web/versions/2/released-versions/environment/${env}`, {})).status,
        201,
      );
      assert.equal((await b.api.delete('/pacticipants/web/versions/1')).status, 204);
      assert.equal((await b.api.get('/pacticipants/web/versions/1')).status, 404);
      assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/version/1')).status, 404);
      await refused(b, 409, () => b.api.delete('/pacticipants/web/versions/2'), /released/);
      assert.equal((await b.api.delete('/pacticipants/web/versions/1')).status, 404);
    });

    it('answers 404 to an unknown pacticipant or version', async () => {
      await b.api.put('/pacticipants/orders/versions/1', {});
      for (const url of ['/pacticipants/orders/versions/2', '/pacticipants/nobody/versions/1']) {
        const res = await b.api.get(url);
        assert.equal(res.status, 404, url);
        assert.ok(res.body.errors);
      }
    });

    describe('bad input is a 400 that writes nothing', () => {
      const cases: [string, unknown, RegExp][] = [
        ['malformed JSON', '{"branch": ', /not valid JSON/],
        ['tags that are not an array', { tags: 'dev' }, /tags/],
        ['a blank tag', { tags: [''] }, /tag must not be blank/],
        ['a blank branch', { branch: ' ' }, /branch must not be blank/],
        ['a build URL that is not a string', { buildUrl: 5 }, /buildUrl/],
      ];
      for (const [what, body, pattern] of cases) {
        it(`${what} (PUT and PATCH)`, async () => {
          await b.api.put('/pacticipants/orders/versions/1', { branch: 'main', tags: ['dev'] });
          await refused(b, 400, () => b.api.put('/pacticipants/orders/versions/1', body), pattern);
          await refused(b, 400, () => b.api.patch('/pacticipants/orders/versions/1', body), pattern);
          await refused(b, 400, () => b.api.put('/pacticipants/orders/versions/2', body), pattern);
        });
      }
    });
  });
}
