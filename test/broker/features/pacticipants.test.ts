import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, hal, pathOf, publish, refused } from './support.ts';

for (const adapter of adapters()) {
  describe(`Pacticipants [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('POST /pacticipants creates one (201, Location) that GET then shows with its links', async () => {
      const res = await b.api.post('/pacticipants', {
        name: 'orders',
        displayName: 'Orders API',
        mainBranch: 'trunk',
        repositoryUrl: 'https://git.example/orders',
      });
      const body = hal(res, 201);
      assert.equal(res.headers.get('location'), `${b.url}/pacticipants/orders`);
      assert.deepEqual(
        [body.name, body.displayName, body.mainBranch, body.repositoryUrl],
        ['orders', 'Orders API', 'trunk', 'https://git.example/orders'],
      );
      const got = hal(await b.api.get('/pacticipants/orders'));
      assert.equal(got.mainBranch, 'trunk');
      assert.equal(got._links['pb:branch-version'].templated, true);
      assert.equal(got._links['pb:version-tag'].templated, true);
      assert.equal(hal(await b.api.get(pathOf(got._links['pb:versions'].href)))._embedded.versions.length, 0);
    });

    it("GET one and the list embed the latest version (creation order) and the older clients' links", async () => {
      await b.api.post('/pacticipants', { name: 'empty' });
      for (const v of ['2.0.0', '10.0.0', '1.0.0']) await b.api.put(`/pacticipants/orders/versions/${v}`, {});
      const one = hal(await b.api.get('/pacticipants/orders'));
      assert.equal(one._embedded.latestVersion.number, '1.0.0', 'the last created, not the highest');
      assert.equal(one._embedded['latest-version'].number, '1.0.0');
      assert.equal(pathOf(one._embedded.latestVersion._links.self.href), '/pacticipants/orders/versions/1.0.0');
      assert.equal(pathOf(one._links.versions.href), '/pacticipants/orders/versions');
      assert.equal(hal(await b.api.get('/pacticipants/empty'))._embedded, undefined, 'no versions, nothing embedded');
      const list = hal(await b.api.get('/pacticipants'));
      assert.deepEqual(
        list._embedded.pacticipants.map((p: any) => [p.name, p._embedded?.latestVersion.number]),
        [
          ['empty', undefined],
          ['orders', '1.0.0'],
        ],
      );
      assert.deepEqual(
        list._links.pacticipants.map((l: { href: string; title: string }) => [pathOf(l.href), l.title]),
        [
          ['/pacticipants/empty', 'empty'],
          ['/pacticipants/orders', 'orders'],
        ],
      );
    });

    it('PATCH merges fields (and creates a missing pacticipant, 201); PUT replaces them', async () => {
      hal(await b.api.patch('/pacticipants/orders', { displayName: 'Orders' }), 201);
      // the Ruby client sends plain JSON, sometimes with the legacy snake_case repository_url
      const merged = hal(await b.api.patch('/pacticipants/orders', { repository_url: 'https://git.example/o' }), 200);
      assert.deepEqual([merged.displayName, merged.repositoryUrl], ['Orders', 'https://git.example/o']);
      hal(
        await b.api.patch(
          '/pacticipants/orders',
          { mainBranch: 'main' },
          { 'content-type': 'application/merge-patch+json' },
        ),
        200,
      );
      const replaced = hal(await b.api.put('/pacticipants/orders', { displayName: 'Orders v2' }), 200);
      assert.equal(replaced.displayName, 'Orders v2');
      assert.equal(replaced.repositoryUrl, undefined);
      assert.equal(replaced.mainBranch, undefined);
    });

    it('lists pacticipants a page at a time, with page totals and next/previous links', async () => {
      for (const name of ['a-svc', 'b-svc', 'c-svc', 'd-svc', 'e-svc']) await b.api.post('/pacticipants', { name });
      const first = hal(await b.api.get('/pacticipants?pageNumber=1&pageSize=2'));
      assert.deepEqual(
        first._embedded.pacticipants.map((p: { name: string }) => p.name),
        ['a-svc', 'b-svc'],
      );
      assert.deepEqual(first.page, { number: 1, size: 2, totalElements: 5, totalPages: 3 });
      assert.equal(first._links.previous, undefined);
      const second = hal(await b.api.get(pathOf(first._links.next.href)));
      assert.deepEqual(
        second._embedded.pacticipants.map((p: { name: string }) => p.name),
        ['c-svc', 'd-svc'],
      );
      const third = hal(await b.api.get(pathOf(second._links.next.href)));
      assert.deepEqual(
        third._embedded.pacticipants.map((p: { name: string }) => p.name),
        ['e-svc'],
      );
      assert.equal(third._links.next, undefined);
      assert.equal(pathOf(third._links.previous.href), '/pacticipants?pageNumber=2&pageSize=2');
      const all = hal(await b.api.get('/pacticipants'));
      assert.equal(all._embedded.pacticipants.length, 5);
      assert.deepEqual(
        all._links['pb:pacticipants'].map((l: { name: string }) => l.name),
        ['a-svc', 'b-svc', 'c-svc', 'd-svc', 'e-svc'],
      );
      // Also a top-level `pacticipants` (the Rust pact-broker list-pacticipants table reads it), the same page.
      assert.deepEqual(all.pacticipants, all._embedded.pacticipants);
      assert.deepEqual(
        second.pacticipants.map((p: { name: string; displayName: string }) => [p.name, p.displayName]),
        [
          ['c-svc', 'c-svc'],
          ['d-svc', 'd-svc'],
        ],
      );
      for (const q of ['pageNumber=0', 'pageSize=abc', 'pageSize=-1']) {
        const res = await b.api.get(`/pacticipants?${q}`);
        assert.equal(res.status, 400, q);
        assert.ok(res.body.errors);
      }
      const capped = await b.api.get('/pacticipants?pageSize=5000');
      assert.equal(capped.status, 200);
      assert.equal(capped.body.page.size, 1000);
    });

    it('DELETE removes a pacticipant with its versions and pacts (204)', async () => {
      await publish(b, { consumer: 'web', provider: 'orders', version: '1' });
      assert.equal((await b.api.delete('/pacticipants/web')).status, 204);
      assert.equal((await b.api.get('/pacticipants/web')).status, 404);
      assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/latest')).status, 404);
      assert.equal(hal(await b.api.get('/pacts/latest')).pacts.length, 0);
    });

    it('refuses to DELETE a pacticipant with deployment history (409), keeping everything', async () => {
      await publish(b, { consumer: 'web', provider: 'orders', version: '1' });
      const env = await createEnvironment(b, 'production');
      assert.equal(
        (await b.api.post(`/pacticipants/web/versions/1/deployed-versions/environment/${env}`, {})).status,
        201,
      );
      await refused(b, 409, () => b.api.delete('/pacticipants/web'), /history/);
    });

    it('answers 404 to an unknown pacticipant', async () => {
      for (const res of [
        await b.api.get('/pacticipants/nobody'),
        await b.api.delete('/pacticipants/nobody'),
        await b.api.get('/pacticipants/nobody/versions'),
      ]) {
        assert.equal(res.status, 404);
        assert.match(JSON.stringify(res.body.errors), /nobody/);
      }
    });

    describe('bad input is a 400 that writes nothing', () => {
      const cases: [string, (b: TestBroker) => Promise<any>, RegExp][] = [
        ['malformed JSON', (b) => b.api.post('/pacticipants', '{"name": "orders"'), /not valid JSON/],
        ['a POST without a name', (b) => b.api.post('/pacticipants', { displayName: 'Orders' }), /name/],
        ['a blank name', (b) => b.api.post('/pacticipants', { name: '  ' }), /name must not be blank/],
        ['a name that is not a string', (b) => b.api.post('/pacticipants', { name: 42 }), /name must be a string/],
        [
          'a displayName that is not a string',
          (b) => b.api.post('/pacticipants', { name: 'orders', displayName: 5 }),
          /displayName/,
        ],
        [
          'a two-line mainBranch',
          (b) => b.api.patch('/pacticipants/orders', { mainBranch: 'a\nb' }),
          /mainBranch must be a single line/,
        ],
        [
          'a PATCH whose name disagrees with the URL',
          (b) => b.api.patch('/pacticipants/orders', { name: 'billing' }),
          /does not match/,
        ],
        ['a JSON array', (b) => b.api.put('/pacticipants/orders', [1]), /body/],
      ];
      for (const [what, request, pattern] of cases) {
        it(what, async () => {
          await refused(b, 400, () => request(b), pattern);
        });
      }
      it('and a form-encoded body is a 415', async () => {
        await refused(b, 415, () =>
          b.api.post('/pacticipants', 'name=orders', { 'content-type': 'application/x-www-form-urlencoded' }),
        );
      });
    });
  });
}
