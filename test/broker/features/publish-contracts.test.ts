import assert from 'node:assert/strict';
import { aPact, base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const publishBody = (over: Record<string, unknown> = {}, pact = aPact('web', 'orders').withInteraction().build()) => ({
  pacticipantName: 'web',
  pacticipantVersionNumber: '1.0.0',
  branch: 'main',
  tags: ['dev'],
  contracts: [
    {
      consumerName: 'web',
      providerName: 'orders',
      specification: 'pact',
      contentType: 'application/json',
      content: base64(pact),
      onConflict: 'overwrite',
    },
  ],
  ...over,
});

const withContent = (content: string) => publishBody({ contracts: [{ ...publishBody().contracts[0], content }] });

for (const adapter of adapters()) {
  describe(`POST /contracts/publish [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('stores the pact, the version, its branch and tags, and answers 200 with notices and links', async () => {
      const res = await b.api.post('/contracts/publish', publishBody());
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /application\/hal\+json/);
      assert.ok(
        res.body.notices.some((n: { text: string }) =>
          /Created web version 1\.0\.0 with branch main and tags dev/.test(n.text),
        ),
      );
      assert.equal(res.body._links['pb:contracts'].length, 1);
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
      assert.equal(pact.status, 200);
      assert.equal(pact.body.consumer.name, 'web');
      assert.ok(pact.body._links['pb:publish-verification-results'].href.includes('/verification-results'));
      const version = await b.api.get('/pacticipants/web/versions/1.0.0');
      assert.deepEqual(
        version.body._embedded.tags.map((t: { name: string }) => t.name),
        ['dev'],
      );
      assert.equal(version.body._embedded.branchVersions[0].name, 'main');
    });

    it('reads base64 broken over lines and escaped characters (emoji as surrogate pairs)', async () => {
      const text = JSON.stringify(
        aPact('web', 'orders').withInteraction({ description: 'ships \u{1F4E6} today' }).build(),
      ).replace('\u{1F4E6}', '\\ud83d\\udce6');
      const wrapped = Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\n');
      const res = await b.api.post('/contracts/publish', withContent(wrapped));
      assert.equal(res.status, 200, res.text);
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
      assert.equal(pact.body.interactions[0].description, 'ships \u{1F4E6} today');
    });

    it('accepts identical content again, and refuses changed content with a 409 that changes nothing', async () => {
      assert.equal((await b.api.post('/contracts/publish', publishBody())).status, 200);
      assert.equal((await b.api.post('/contracts/publish', publishBody())).status, 200);
      const changed = aPact('web', 'orders').withInteraction({ path: '/orders/other' }).build();
      const res = await b.api.post('/contracts/publish', publishBody({}, changed));
      assert.equal(res.status, 409);
      assert.match(JSON.stringify(res.body.errors), /Cannot change the content/);
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
      assert.equal(pact.body.interactions[0].request.path, '/orders/1');
    });

    it('shares one pact version between consumer versions whose pacts differ only in key and interaction order', async () => {
      const one = aPact('web', 'orders').withInteraction({ path: '/a' }).withInteraction({ path: '/b' }).build();
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
      assert.notEqual(JSON.stringify(two.interactions), JSON.stringify(one.interactions));
      await b.api.post('/contracts/publish', publishBody({}, one));
      await b.api.post('/contracts/publish', publishBody({ pacticipantVersionNumber: '1.0.1' }, two));
      const a = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
      const c = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.1');
      assert.equal(a.body._links['pb:pact-version'].name, c.body._links['pb:pact-version'].name);
    });

    const bad: [string, () => unknown, RegExp][] = [
      ['malformed JSON', () => '{"pacticipantName": ', /not valid JSON/],
      ['base64 with "=" before its end', () => withContent('YQ==YQ=='), /contracts\[0\]\.content.*base64/],
      ['base64 whose length is not a multiple of 4', () => withContent('YWJjZA'), /contracts\[0\]\.content.*base64/],
      [
        'a pact holding a lone surrogate (\\ud800)',
        () => publishBody({}, aPact('web', 'orders').withInteraction({ description: 'broken \ud800 text' }).build()),
        /contracts\[0\]\.content.*not valid Unicode/,
      ],
      [
        'bad base64',
        () => publishBody({ contracts: [{ ...publishBody().contracts[0], content: '@@not base64@@' }] }),
        /contracts\[0\]\.content.*base64/,
      ],
      [
        'a pact whose consumer name disagrees with the request',
        () => publishBody({}, aPact('other', 'orders').withInteraction().build()),
        /consumer\.name/,
      ],
      [
        'a consumerName that is not the pacticipant',
        () => publishBody({ contracts: [{ ...publishBody().contracts[0], consumerName: 'other' }] }),
        /consumerName/,
      ],
      [
        'a missing version number',
        () => ({ ...publishBody(), pacticipantVersionNumber: undefined }),
        /pacticipantVersionNumber/,
      ],
      [
        'a pact without interactions',
        () => publishBody({}, { consumer: { name: 'web' }, provider: { name: 'orders' } } as never),
        /interactions/,
      ],
      [
        'a pact specification version rollgate cannot read',
        () =>
          publishBody(
            {},
            {
              ...aPact('web', 'orders').withInteraction().build(),
              metadata: { pactSpecification: { version: '9.0.0' } },
            },
          ),
        /pactSpecification\.version.*9\.0\.0/,
      ],
      [
        'an unknown matcher',
        () =>
          publishBody(
            {},
            aPact('web', 'orders')
              .withInteraction({ responseMatchingRules: { body: { '$.id': { matchers: [{ match: 'regexx' }] } } } })
              .build(),
          ),
        /regexx\\" is not a Pact matcher/,
      ],
      [
        'a request path without its leading slash',
        () => publishBody({}, aPact('web', 'orders').withInteraction({ path: 'orders/1' }).build()),
        /request\.path.*must start with/,
      ],
    ];
    for (const [what, body, pattern] of bad) {
      it(`answers 400 to ${what} and writes nothing`, async () => {
        const res = await b.api.post('/contracts/publish', body());
        assert.equal(res.status, 400, res.text);
        assert.match(JSON.stringify(res.body.errors), pattern);
        assert.equal((await b.api.get('/pacticipants/web')).status, 404);
      });
    }

    it('answers 415 to a body that is not JSON, and 413 to an oversize body', async () => {
      assert.equal(
        (await b.api.post('/contracts/publish', 'name=web', { 'content-type': 'application/x-www-form-urlencoded' }))
          .status,
        415,
      );
      await b.destroy();
      b = await startTestBroker({ adapter, config: { bodyLimit: 1000 } });
      const res = await b.api.post(
        '/contracts/publish',
        publishBody(
          {},
          aPact('web', 'orders')
            .withInteraction({ responseBody: { big: 'x'.repeat(5000) } })
            .build(),
        ),
      );
      assert.equal(res.status, 413);
      assert.equal((await b.api.get('/pacticipants/web')).status, 404);
    });

    it('answers problem details only to a client that asks for them first', async () => {
      const res = await b.api.post(
        '/contracts/publish',
        { pacticipantName: 'web' },
        { accept: 'application/problem+json, application/hal+json' },
      );
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
      assert.equal(res.body.status, 400);
      assert.ok(Array.isArray(res.body.errors));
    });
  });
}

describe('Label lengths', () => {
  it('refuses a version number, branch or tag too long to be asked about later (400, nothing written)', async () => {
    const b = await startTestBroker();
    try {
      const long = `1.${'9'.repeat(300)}`;
      const body = (over: Record<string, unknown>) => ({
        pacticipantName: 'web',
        pacticipantVersionNumber: '1.0.0',
        contracts: [
          {
            consumerName: 'web',
            providerName: 'orders',
            specification: 'pact',
            contentType: 'application/json',
            content: base64(aPact('web', 'orders').withInteraction().build()),
          },
        ],
        ...over,
      });
      for (const over of [{ pacticipantVersionNumber: long }, { branch: long }, { tags: [long] }]) {
        const res = await b.api.post('/contracts/publish', body(over));
        assert.equal(res.status, 400, JSON.stringify(over).slice(0, 40));
        assert.match(JSON.stringify(res.body.errors), /at most 255 characters/);
      }
      assert.equal((await b.api.put(`/pacticipants/web/versions/${long}/tags/prod`, {})).status, 400);
      assert.equal((await b.api.get('/pacticipants/web')).status, 404);
    } finally {
      await b.destroy();
    }
  });
});
