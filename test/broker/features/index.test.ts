import assert from 'node:assert/strict';
import { aPact, base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { expand, hal, pathOf, publishBody } from './support.ts';

/** Relations whose hrefs are fixed URLs: a client must not try to expand them. */
const PLAIN = ['self', 'pb:publish-contracts', 'pb:latest-pact-versions', 'pb:pacticipants', 'pb:environments'];

for (const adapter of adapters()) {
  describe(`GET / [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('lists the index relations with absolute hrefs; every href with a placeholder says templated: true', async () => {
      const body = hal(await b.api.get('/'));
      const links = body._links as Record<string, { href: string; templated?: boolean } | unknown[]>;
      for (const rel of [
        'pb:publish-pact',
        'pb:publish-contracts',
        'pb:latest-pact-versions',
        'pb:pacticipants',
        'pb:pacticipant',
        'pb:latest-provider-pacts',
        'pb:latest-provider-pacts-with-tag',
        'pb:latest-version',
        'pb:latest-tagged-version',
        'pb:pacticipant-version-tag',
        'pb:pacticipant-branch',
        'pb:pacticipant-branch-version',
        'pb:pacticipant-version',
        'pb:provider-pacts-for-verification',
        'beta:provider-pacts-for-verification',
        'pb:environments',
        'pb:environment',
        'pb:latest-branch-pact-versions',
        'pb:latest-main-branch-pact-versions',
        'pf:publish-provider-contract',
      ])
        assert.ok(links[rel], `missing ${rel}`);
      for (const [rel, link] of Object.entries(links)) {
        if (rel === 'curies') continue;
        const l = link as { href: string; templated?: boolean };
        assert.ok(l.href.startsWith(`${b.url}/`), `${rel} is not absolute: ${l.href}`);
        if (/\{\w+\}/.test(l.href)) assert.equal(l.templated, true, `${rel} has placeholders but is not templated`);
      }
      for (const rel of PLAIN)
        assert.notEqual((links[rel] as { templated?: boolean }).templated, true, `${rel} must not be templated`);
      assert.equal(
        (links['pb:publish-pact'] as { href: string }).href,
        `${b.url}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`,
      );
      assert.equal(
        (links['pb:provider-pacts-for-verification'] as { href: string }).href,
        `${b.url}/pacts/provider/{provider}/for-verification`,
      );
    });

    it('builds links from the configured base URL when one is set', async () => {
      await b.destroy();
      b = await startTestBroker({ adapter, config: { baseUrl: 'https://broker.example.com/pact/' } });
      const body = hal(await b.api.get('/'));
      assert.equal(body._links.self.href, 'https://broker.example.com/pact/');
      assert.equal(body._links['pb:pacticipant'].href, 'https://broker.example.com/pact/pacticipants/{pacticipant}');
    });

    it('leads a client from the index to every foundation resource by relation name alone', async () => {
      const index = hal(await b.api.get('/'))._links;
      const go = (rel: string, values: Record<string, string> = {}) => pathOf(expand(index[rel].href, values));
      const pact = aPact('web', 'orders').withInteraction().build();

      // the old Ruby flow: PUT the pact at pb:publish-pact, then tag through pb:pacticipant-version-tag
      assert.equal(
        hal(
          await b.api.put(
            go('pb:publish-pact', { provider: 'orders', consumer: 'web', consumerApplicationVersion: '1.0.0' }),
            pact,
          ),
          201,
        ).consumer.name,
        'web',
      );
      assert.equal(
        (await b.api.put(go('pb:pacticipant-version-tag', { pacticipant: 'web', version: '1.0.0', tag: 'prod' }), {}))
          .status,
        201,
      );
      assert.equal(
        (
          await b.api.put(
            go('pb:pacticipant-branch-version', { pacticipant: 'web', branch: 'main', version: '1.0.0' }),
            {},
          )
        ).status,
        201,
      );
      // the current flow: pb:publish-contracts
      assert.equal(
        (await b.api.post(go('pb:publish-contracts'), publishBody({ version: '1.0.1', branch: 'feat/x' }))).status,
        200,
      );

      assert.deepEqual(
        hal(await b.api.get(go('pb:pacticipants')))._embedded.pacticipants.map((p: { name: string }) => p.name),
        ['orders', 'web'],
      );
      assert.equal(hal(await b.api.get(go('pb:pacticipant', { pacticipant: 'web' }))).name, 'web');
      assert.equal(
        hal(await b.api.get(go('pb:pacticipant-version', { pacticipant: 'web', version: '1.0.0' }))).number,
        '1.0.0',
      );
      assert.equal(hal(await b.api.get(go('pb:latest-version', { pacticipant: 'web' }))).number, '1.0.1');
      assert.equal(
        hal(await b.api.get(go('pb:latest-tagged-version', { pacticipant: 'web', tag: 'prod' }))).number,
        '1.0.0',
      );
      assert.equal(
        hal(await b.api.get(go('pb:pacticipant-branch', { pacticipant: 'web', branch: 'feat/x' }))).name,
        'feat/x',
      );
      assert.equal(
        hal(await b.api.get(go('pb:pacticipant-version-tag', { pacticipant: 'web', version: '1.0.0', tag: 'prod' })))
          .name,
        'prod',
      );
      assert.equal(
        hal(await b.api.get(go('pb:latest-main-branch-pact-versions', { provider: 'orders', consumer: 'web' })))._links[
          'pb:consumer-version'
        ].name,
        '1.0.0',
      );
      assert.equal(
        hal(
          await b.api.get(
            go('pb:latest-branch-pact-versions', { provider: 'orders', consumer: 'web', branch: 'feat/x' }),
          ),
        )._links['pb:consumer-version'].name,
        '1.0.1',
      );
      const latest = hal(await b.api.get(go('pb:latest-pact-versions')));
      assert.equal(latest.pacts.length, 1);

      const env = hal(await b.api.post(go('pb:environments'), { name: 'test', production: false }), 201);
      assert.equal(hal(await b.api.get(go('pb:environment', { uuid: env.uuid }))).name, 'test');

      const doc = { openapi: '3.0.3', info: { title: 'orders', version: '1' }, paths: {} };
      const published = await b.api.post(go('pf:publish-provider-contract', { provider: 'orders' }), {
        pacticipantVersionNumber: '2.0.0',
        contract: { content: base64(doc), contentType: 'application/json', specification: 'oas' },
      });
      assert.equal(hal(published).notices.length > 0, true);
    });

    it('answers an unknown path with a HAL JSON 404 that says what was asked for', async () => {
      const res = await b.api.get('/no/such/thing');
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type')!, /application\/hal\+json/);
      assert.match(JSON.stringify(res.body.errors), /GET \/no\/such\/thing/);
    });
  });
}
