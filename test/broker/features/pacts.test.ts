import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { aPact } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, pathOf, publish, refused } from './support.ts';

const PACT_URL = '/pacts/provider/orders/consumer/web/version';
const v4Pact = JSON.parse(readFileSync(new URL('../../../fixtures/pacts/v4/web-orders.json', import.meta.url), 'utf8'));

for (const adapter of adapters()) {
  describe(`Pacts [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    describe('PUT /pacts/provider/{p}/consumer/{c}/version/{v} (the legacy publish)', () => {
      it('answers 201 with a Location when the pact is new, then 200 for the same content', async () => {
        const pact = aPact('web', 'orders').withInteraction().build();
        const first = await b.api.put(`${PACT_URL}/1.0.0`, pact);
        const body = hal(first, 201);
        assert.equal(first.headers.get('location'), `${b.url}${PACT_URL}/1.0.0`);
        assert.equal(body.consumer.name, 'web');
        assert.ok(body._links['pb:publish-verification-results']);
        const again = await b.api.put(`${PACT_URL}/1.0.0`, pact);
        hal(again, 200);
        assert.equal(again.headers.get('location'), null);
        // the pacticipants and the version were created implicitly
        assert.equal((await b.api.get('/pacticipants/orders')).status, 200);
        assert.equal((await b.api.get('/pacticipants/web/versions/1.0.0')).status, 200);
      });

      it('answers 201 for a new pact of a consumer version that already exists (tagged first, or with another provider)', async () => {
        assert.equal((await b.api.put('/pacticipants/web/versions/1.0.0/tags/dev', {})).status, 201);
        hal(await b.api.put(`${PACT_URL}/1.0.0`, aPact('web', 'orders').withInteraction().build()), 201);
        hal(
          await b.api.put(
            '/pacts/provider/billing/consumer/web/version/1.0.0',
            aPact('web', 'billing').withInteraction().build(),
          ),
          201,
        );
      });

      it('stores pact specification v2, v3 message and v4 pacts and serves them back as written', async () => {
        const v2 = aPact('web', 'orders').specification('2.0.0').withInteraction({ path: '/v2' }).build();
        const messages = aPact('web', 'events')
          .withMessage({ contents: { id: 7 } })
          .build();
        hal(await b.api.put(`${PACT_URL}/2`, v2), 201);
        hal(await b.api.put('/pacts/provider/events/consumer/web/version/3', messages), 201);
        hal(
          await b.api.put(
            `/pacts/provider/${encodeURIComponent(v4Pact.provider.name)}/consumer/${encodeURIComponent(v4Pact.consumer.name)}/version/4`,
            v4Pact,
          ),
          201,
        );
        assert.equal(hal(await b.api.get(`${PACT_URL}/2`)).interactions[0].request.path, '/v2');
        const m = hal(await b.api.get('/pacts/provider/events/consumer/web/version/3'));
        assert.deepEqual(m.messages[0].contents, { id: 7 });
        assert.match(m.messages[0]._id, /^[0-9a-f]{40}$/);
        const four = hal(
          await b.api.get(
            `/pacts/provider/${encodeURIComponent(v4Pact.provider.name)}/consumer/${encodeURIComponent(v4Pact.consumer.name)}/version/4`,
          ),
        );
        assert.equal(four.interactions.length, v4Pact.interactions.length);
        assert.deepEqual(four.metadata, v4Pact.metadata);
        assert.deepEqual(
          four.interactions.map((i: { description: string }) => i.description),
          v4Pact.interactions.map((i: { description: string }) => i.description),
        );
      });

      it('refuses changed content for a published consumer version with a 409 that changes nothing', async () => {
        await b.api.put(`${PACT_URL}/1.0.0`, aPact('web', 'orders').withInteraction().build());
        await refused(
          b,
          409,
          () => b.api.put(`${PACT_URL}/1.0.0`, aPact('web', 'orders').withInteraction({ path: '/other' }).build()),
          /Cannot change the content/,
        );
        assert.equal(hal(await b.api.get(`${PACT_URL}/1.0.0`)).interactions[0].request.path, '/orders/1');
      });

      const bad: [string, () => unknown, RegExp][] = [
        ['malformed JSON', () => '{"consumer": {"name": "web"}', /not valid JSON/],
        [
          'a consumer name that disagrees with the URL',
          () => aPact('mobile', 'orders').withInteraction().build(),
          /consumer\.name.*mobile/,
        ],
        [
          'a provider name that disagrees with the URL',
          () => aPact('web', 'billing').withInteraction().build(),
          /provider\.name.*billing/,
        ],
        [
          'interactions that are not an array',
          () => ({ ...aPact('web', 'orders').build(), interactions: { a: 1 } }),
          /interactions.*array/,
        ],
        ['a JSON array instead of a pact', () => [1, 2], /JSON object/],
        [
          'an interaction without a request',
          () => ({
            ...aPact('web', 'orders').build(),
            interactions: [{ description: 'x', response: { status: 200 } }],
          }),
          /interactions\[0\]/,
        ],
      ];
      for (const [what, body, pattern] of bad) {
        it(`answers 400 to ${what} and writes nothing`, async () => {
          await refused(b, 400, () => b.api.put(`${PACT_URL}/1.0.0`, body()), pattern);
          assert.equal((await b.api.get('/pacticipants/web')).status, 404);
        });
      }

      it('accepts a pact fetched from the broker (with _links, createdAt and _ids) as the same content', async () => {
        await b.api.put(`${PACT_URL}/1.0.0`, aPact('web', 'orders').withInteraction().build());
        const fetched = hal(await b.api.get(`${PACT_URL}/1.0.0`));
        hal(await b.api.put(`${PACT_URL}/1.0.0`, fetched), 200);
        const copy = hal(await b.api.put(`${PACT_URL}/1.0.1`, fetched), 201);
        assert.equal(copy._links['pb:pact-version'].name, fetched._links['pb:pact-version'].name);
      });

      it('answers 413 to an oversize pact, writing nothing', async () => {
        await b.destroy();
        b = await startTestBroker({ adapter, config: { bodyLimit: 2000 } });
        await refused(b, 413, () =>
          b.api.put(
            `${PACT_URL}/1.0.0`,
            aPact('web', 'orders')
              .withInteraction({ responseBody: { big: 'x'.repeat(5000) } })
              .build(),
          ),
        );
      });

      it('answers 415 to a pact sent as another media type, writing nothing', async () => {
        await refused(b, 415, () =>
          b.api.put(`${PACT_URL}/1.0.0`, JSON.stringify(aPact('web', 'orders').build()), {
            'content-type': 'text/plain',
          }),
        );
      });
    });

    describe('PATCH /pacts/provider/{p}/consumer/{c}/version/{v} (merge)', () => {
      it('adds new interactions to the published pact and keeps the ones already there', async () => {
        await b.api.put(
          `${PACT_URL}/1.0.0`,
          aPact('web', 'orders').withInteraction({ description: 'get order', path: '/orders/1' }).build(),
        );
        const patch = await b.api.patch(
          `${PACT_URL}/1.0.0`,
          aPact('web', 'orders').withInteraction({ description: 'list orders', path: '/orders' }).build(),
        );
        const body = hal(patch, 200);
        assert.deepEqual(body.interactions.map((i: { description: string }) => i.description).sort(), [
          'get order',
          'list orders',
        ]);
        const fetched = hal(await b.api.get(`${PACT_URL}/1.0.0`));
        assert.deepEqual(fetched.interactions.map((i: { description: string }) => i.description).sort(), [
          'get order',
          'list orders',
        ]);
        assert.equal(fetched._links['pb:pact-version'].name, body._links['pb:pact-version'].name);
      });

      it('creates the pact when there is none yet (201)', async () => {
        hal(await b.api.patch(`${PACT_URL}/1.0.0`, aPact('web', 'orders').withInteraction().build()), 201);
      });

      it('refuses an interaction that is already published with other content (409, nothing changed)', async () => {
        await b.api.put(
          `${PACT_URL}/1.0.0`,
          aPact('web', 'orders').withInteraction({ description: 'get order', path: '/orders/1' }).build(),
        );
        await refused(
          b,
          409,
          () =>
            b.api.patch(
              `${PACT_URL}/1.0.0`,
              aPact('web', 'orders').withInteraction({ description: 'get order', path: '/orders/2' }).build(),
            ),
          /get order/,
        );
      });
    });

    describe('GET a pact', () => {
      beforeEach(async () => {
        await publish(b, {
          version: '1.0.0',
          branch: 'main',
          tags: ['prod'],
          pact: aPact('web', 'orders').withInteraction({ path: '/one' }).build(),
        });
        await publish(b, {
          version: '1.1.0',
          branch: 'feat-x',
          tags: ['dev'],
          pact: aPact('web', 'orders').withInteraction({ path: '/two' }).build(),
        });
        await publish(b, {
          version: '1.2.0',
          pact: aPact('web', 'orders').withInteraction({ path: '/three' }).build(),
        });
      });
      const pathOfFirst = (body: { interactions: { request: { path: string } }[] }) =>
        body.interactions[0].request.path;

      it('by consumer version: the pact with createdAt, interaction _ids and the links the Verifier navigates', async () => {
        const pact = hal(await b.api.get(`${PACT_URL}/1.0.0`));
        assert.equal(pathOfFirst(pact), '/one');
        assert.match(pact.interactions[0]._id, /^[0-9a-f]{40}$/);
        assert.ok(!Number.isNaN(Date.parse(pact.createdAt)));
        assert.equal(pact._links.self.href, `${b.url}${PACT_URL}/1.0.0`);
        assert.equal(pact._links['pb:consumer-version'].name, '1.0.0');
        const sha = pact._links['pb:pact-version'].name;
        assert.equal(
          pact._links['pb:publish-verification-results'].href,
          `${b.url}/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`,
        );
        const provider = hal(await b.api.get(pathOf(pact._links['pb:provider'].href)));
        assert.equal(provider.name, 'orders');
        assert.ok(provider._links['pb:branch-version'].templated);
        assert.equal(hal(await b.api.get(pathOf(pact._links['pb:consumer'].href))).name, 'web');
        // the _id is stable: the Verifier reports results against it
        assert.equal(hal(await b.api.get(`${PACT_URL}/1.0.0`)).interactions[0]._id, pact.interactions[0]._id);
      });

      it('latest, latest with a tag, latest untagged, latest on a branch and on the main branch', async () => {
        const get = async (p: string) => pathOfFirst(hal(await b.api.get(`/pacts/provider/orders/consumer/web${p}`)));
        assert.equal(await get('/latest'), '/three');
        assert.equal(await get('/latest/prod'), '/one');
        assert.equal(await get('/latest/dev'), '/two');
        assert.equal(await get('/latest-untagged'), '/three');
        assert.equal(await get('/branch/feat-x/latest'), '/two');
        assert.equal(await get('/branch/feat-x/latest/versions'), '/two');
        assert.equal(await get('/branch/latest/versions'), '/one');
        for (const p of ['/latest/nope', '/branch/nope/latest']) {
          const res = await b.api.get(`/pacts/provider/orders/consumer/web${p}`);
          assert.equal(res.status, 404, p);
          assert.ok(res.body.errors);
        }
        // The Pact Broker's header: which consumer version the latest pact belongs to.
        for (const p of ['/latest', '/latest/prod', '/latest/dev', '/branch/feat-x/latest']) {
          const res = await b.api.get(`/pacts/provider/orders/consumer/web${p}`);
          assert.equal(res.headers.get('x-pact-consumer-version'), res.body._links['pb:consumer-version'].name, p);
        }
        assert.equal((await b.api.get(`${PACT_URL}/1.1.0`)).headers.get('x-pact-consumer-version'), null);
      });

      it('by pact version (sha), also with a metadata segment that the self and verification links keep', async () => {
        const pact = hal(await b.api.get(`${PACT_URL}/1.1.0`));
        const permalink = pathOf(pact._links['pb:pact-version'].href);
        const bySha = hal(await b.api.get(permalink));
        assert.equal(pathOfFirst(bySha), '/two');
        assert.equal(bySha._links['pb:consumer-version'].name, '1.1.0');
        const withMeta = hal(await b.api.get(`${permalink}/metadata/c1tdW2N2XT0xMjM`));
        assert.equal(pathOfFirst(withMeta), '/two');
        assert.equal(withMeta._links.self.href, `${b.url}${permalink}/metadata/c1tdW2N2XT0xMjM`);
        assert.equal(
          withMeta._links['pb:publish-verification-results'].href,
          `${b.url}${permalink}/metadata/c1tdW2N2XT0xMjM/verification-results`,
        );
        assert.equal(
          (await b.api.get('/pacts/provider/orders/consumer/web/pact-version/0123456789abcdef')).status,
          404,
        );
      });

      it('answers 404 with a message for an unknown consumer, provider or consumer version', async () => {
        for (const [url, text] of [
          ['/pacts/provider/orders/consumer/nobody/version/1.0.0', /nobody/],
          ['/pacts/provider/nobody/consumer/web/version/1.0.0', /nobody/],
          [`${PACT_URL}/9.9.9`, /9\.9\.9/],
          ['/pacts/provider/orders/consumer/nobody/latest', /nobody/],
        ] as const) {
          const res = await b.api.get(url);
          assert.equal(res.status, 404, url);
          assert.match(JSON.stringify(res.body.errors), text);
        }
        // a version that exists but published no pact with this provider
        await b.api.put('/pacticipants/web/versions/5.0.0/tags/x', {});
        assert.equal((await b.api.get(`${PACT_URL}/5.0.0`)).status, 404);
      });

      it('GET /pacts/latest lists the latest pact of every integration, with links that lead to it', async () => {
        await publish(b, { consumer: 'mobile', provider: 'orders', version: '7' });
        const body = hal(await b.api.get('/pacts/latest'));
        const rows = body.pacts.map((p: any) => [
          p._embedded.consumer.name,
          p._embedded.provider.name,
          p._embedded.consumer._embedded.version.number,
        ]);
        assert.deepEqual(rows.sort(), [
          ['mobile', 'orders', '7'],
          ['web', 'orders', '1.2.0'],
        ]);
        const web = body.pacts.find((p: any) => p._embedded.consumer.name === 'web');
        // The Pact Broker's order: the latest pact's URL, then the version's.
        const [latest, byVersion] = web._links.self;
        assert.equal(pathOf(latest.href), '/pacts/provider/orders/consumer/web/latest');
        assert.equal(pathOf(byVersion.href), '/pacts/provider/orders/consumer/web/version/1.2.0');
        assert.equal(pathOfFirst(hal(await b.api.get(pathOf(latest.href)))), '/three');
        assert.equal(pathOfFirst(hal(await b.api.get(pathOf(byVersion.href)))), '/three');
      });
    });
  });
}
