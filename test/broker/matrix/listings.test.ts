import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`integrations, pact diff, badges and metrics [${adapter}]`, function () {
    this.timeout(20_000);
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      await b.td
        .environment('production')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', pact: (p) => p.withInteraction({ path: '/a' }) })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar', pact: (p) => p.withInteraction({ path: '/a' }) })
        .publishPact({
          consumer: 'Foo',
          version: '3',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/b' }),
          tags: ['prod'],
        })
        .publishPact({ consumer: 'Qux', version: '1', provider: 'Bar' })
        .verify({ consumer: 'Foo', version: '3', provider: 'Bar', providerVersion: '9', success: true })
        .version({ pacticipant: 'Bar', version: '9', tags: ['prod'] })
        .deploy({ pacticipant: 'Bar', version: '9', environment: 'production' });
    });
    afterEach(async () => b.destroy());

    it('lists integrations, paginated', async () => {
      const res = await b.api.get('/integrations');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body._embedded.integrations.map((i: { consumer: { name: string } }) => i.consumer.name),
        ['Foo', 'Qux'],
      );
      const page = await b.api.get('/integrations?pageNumber=2&pageSize=1');
      assert.equal(page.body._embedded.integrations[0].consumer.name, 'Qux');
      assert.equal(page.body.page.totalElements, 2);
      assert.ok(page.body._links.previous);
    });

    it('diffs a pact with its previous distinct version and with another version', async () => {
      const pact = await b.api.get('/pacts/provider/Bar/consumer/Foo/version/3');
      const diffHref = new URL(pact.body._links['pb:diff-previous-distinct'].href).pathname;
      const diff = await b.api.get(diffHref);
      assert.equal(diff.status, 200);
      assert.match(diff.headers.get('content-type')!, /text\/plain/);
      assert.match(diff.text, /- +"path": "\/a"/);
      assert.match(diff.text, /\+ +"path": "\/b"/);
      const prev = await b.api.get(new URL(pact.body._links['pb:previous-distinct'].href).pathname);
      assert.equal(
        prev.body._links['pb:consumer-version'].name,
        '2',
        'version 2 has the same content as 1: the previous distinct is 2',
      );
      const byVersion = await b.api.get('/pacts/provider/Bar/consumer/Foo/version/3/diff/version/1');
      assert.equal(byVersion.text, diff.text);
      const same = await b.api.get('/pacts/provider/Bar/consumer/Foo/version/2/diff/version/1');
      assert.equal(same.text, 'No differences\n');
      const sha = pact.body._links['pb:pact-version'].name;
      const bySha = await b.api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/diff/previous-distinct`);
      assert.equal(bySha.text, diff.text);
      assert.equal((await b.api.get('/pacts/provider/Bar/consumer/Foo/version/1/diff/previous-distinct')).status, 404);
    });

    it('serves SVG badges for pact verification status and for can-i-deploy', async () => {
      const ok = await b.api.get('/pacts/provider/Bar/consumer/Foo/latest/badge');
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('content-type')!, /image\/svg\+xml/);
      assert.match(ok.text, /<svg[^>]*>.*Foo\/Bar pact: verified/);
      assert.match((await b.api.get('/pacts/provider/Bar/consumer/Qux/latest/badge')).text, /unknown/);
      assert.match((await b.api.get('/pacts/provider/Bar/consumer/Nobody/latest/badge')).text, /unknown/);
      assert.match(
        (await b.api.get('/pacts/provider/Bar/consumer/Foo/latest/prod/badge?label=contract')).text,
        /contract: verified/,
      );
      assert.match(
        (await b.api.get('/pacticipants/Foo/latest-version/prod/can-i-deploy/to/prod/badge')).text,
        /can-i-deploy: yes/,
      );
      assert.match((await b.api.get('/matrix/provider/Bar/latest/prod/consumer/Foo/latest/prod/badge')).text, /: yes/);
      const json = await b.api.get('/pacticipants/Foo/latest-version/prod/can-i-deploy/to/prod');
      assert.equal(json.body.summary.deployable, true);
    });

    it('answers /metrics with the Pact Broker JSON counts', async () => {
      const res = await b.api.get('/metrics');
      assert.equal(res.status, 200);
      assert.equal(res.body.pacticipants.count, 3);
      assert.equal(res.body.integrations.count, 2);
      assert.equal(res.body.pactPublications.count, 4);
      assert.equal(res.body.pactVersions.count, 3);
      assert.equal(res.body.verificationResults.successCount, 1);
      assert.equal(res.body.deployedVersions.currentlyDeployedCount, 1);
      assert.equal(res.body.interactions.latestInteractionsCount, 2);
    });

    it('lists matrix rows between a provider and a consumer', async () => {
      const res = await b.api.get('/matrix/provider/Bar/consumer/Foo');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.matrix.map((r: { consumer: { version: { number: string } } }) => r.consumer.version.number),
        ['3', '2', '1'],
      );
    });
  });
}
