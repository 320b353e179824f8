/**
 * `PUT /pacts/provider/P/consumer/C/version/V` takes what the Pact Broker takes (spec/features/publish_not_a_pact_spec.rb,
 * publish_pact_spec.rb; pact-foundation/pact_broker, MIT): the names come from the path when the body lacks them, and a
 * pact with no interactions is accepted, with a notice that there is nothing to verify. Only content no verifier can
 * verify is refused, in the words the CLI uses (contracts/src/pact/messages.ts). Issue 14, behaviour 5.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pactMessage } from '../../../contracts/src/pact/messages.ts';
import { run } from '../../cli/support.ts';
import { aPact } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const URL_ = '/pacts/provider/A%20Provider/consumer/A%20Consumer/version/1.2.3';
const NOTHING = /has no interactions: there is nothing for A Provider to verify/;

for (const adapter of adapters()) {
  describe(`publishing what the Pact Broker accepts at PUT /pacts/... (${adapter})`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('a body that is not shaped like a pact (no names, no interactions): 201, the content back with _links, and a notice', async () => {
      const put = await b.api.put(URL_, { a: 'not pact' });
      assert.equal(put.status, 201, put.text);
      assert.equal(put.body.a, 'not pact');
      assert.ok(put.body._links['pb:publish-verification-results'], 'links a verifier follows');
      assert.deepEqual(put.body.consumer, { name: 'A Consumer' });
      assert.deepEqual(put.body.provider, { name: 'A Provider' });
      assert.deepEqual(
        put.body.notices.map((n: { type: string }) => n.type),
        ['warning'],
      );
      assert.match(put.body.notices[0].text, NOTHING);
      const got = await b.api.get(URL_);
      assert.equal(got.status, 200);
      assert.equal(got.body.a, 'not pact');
      assert.equal(got.body.notices, undefined, 'the notice belongs to the publication, not the pact');
      const again = await b.api.put(URL_, { a: 'not pact' });
      assert.equal(again.status, 200, 'the same content again');
    });

    it('a pact without the consumer and provider names takes them from the path and can be verified', async () => {
      const { consumer: _c, provider: _p, ...nameless } = aPact('A Consumer', 'A Provider').withInteraction().build();
      const put = await b.api.put(URL_, nameless);
      assert.equal(put.status, 201, put.text);
      assert.equal(put.body.notices, undefined, 'interactions to verify: nothing to say');
      const pfv = await b.api.post('/pacts/provider/A%20Provider/for-verification', {});
      assert.equal(pfv.body._embedded.pacts.length, 1);
      const pact = await b.api.get(new URL(pfv.body._embedded.pacts[0]._links.self.href).pathname);
      assert.equal(pact.body.consumer.name, 'A Consumer');
      assert.equal(pact.body.interactions.length, 1);
    });

    it('interactions: [] is accepted with the notice, also through POST /contracts/publish', async () => {
      const empty = { ...aPact('A Consumer', 'A Provider').build(), interactions: [] };
      const put = await b.api.put(URL_, empty);
      assert.equal(put.status, 201, put.text);
      assert.match(put.body.notices[0].text, NOTHING);
      const published = await b.api.post('/contracts/publish', {
        pacticipantName: 'A Consumer',
        pacticipantVersionNumber: '1.2.4',
        contracts: [
          {
            consumerName: 'A Consumer',
            providerName: 'A Provider',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(empty)).toString('base64'),
          },
        ],
      });
      assert.equal(published.status, 200, published.text);
      assert.ok(
        published.body.notices.some(
          (n: { type: string; text: string }) => n.type === 'warning' && NOTHING.test(n.text),
        ),
        published.text,
      );
    });

    it('names that contradict the path are still refused (the body names another pacticipant)', async () => {
      const put = await b.api.put(URL_, aPact('Someone Else', 'A Provider').withInteraction().build());
      assert.equal(put.status, 400);
      assert.ok(put.body.errors['$.consumer.name'], put.text);
    });

    describe('refused: content no verifier can verify, in the words of the CLI', () => {
      let dir: string;
      before(() => (dir = mkdtempSync(join(tmpdir(), 'rollgate-put-'))));
      after(() => rmSync(dir, { recursive: true, force: true }));

      const named = (interactions: unknown[], spec = '3.0.0') => ({
        consumer: { name: 'A Consumer' },
        provider: { name: 'A Provider' },
        interactions,
        metadata: { pactSpecification: { version: spec } },
      });
      const ok = { description: 'a', request: { method: 'GET', path: '/a' }, response: { status: 200 } };
      const cases: [string, Record<string, unknown>, string, string][] = [
        [
          'an unknown specification version',
          named([ok], '9.0.0'),
          '$.metadata.pactSpecification.version',
          pactMessage('pact.spec-version-unknown', { version: '9.0.0' }),
        ],
        [
          'an unknown matcher',
          named([
            {
              ...ok,
              response: {
                status: 200,
                body: { id: 1 },
                matchingRules: { body: { '$.id': { matchers: [{ match: 'telepathy' }] } } },
              },
            },
          ]),
          '$.interactions[0].response.matchingRules.body["$.id"].matchers[0].match',
          '',
        ],
        [
          'an invalid HTTP method',
          named([{ ...ok, request: { method: 'GET /a', path: '/a' } }]),
          '$.interactions[0].request.method',
          pactMessage('request.method-invalid', { method: 'GET /a' }),
        ],
        [
          'an interaction without a response, even in a body without names',
          (() => {
            const {
              consumer: _c,
              provider: _p,
              ...rest
            } = named([{ description: 'b', request: { method: 'GET', path: '/b' } }]);
            return rest;
          })(),
          '$.interactions[0].response',
          pactMessage('value.not-object'),
        ],
      ];
      for (const [what, body, path, words] of cases) {
        it(`${what}: 400 naming where, nothing stored, and the CLI says the same`, async () => {
          const put = await b.api.put(URL_, body);
          assert.equal(put.status, 400, put.text);
          const said = put.body.errors[path] as string[] | undefined;
          assert.ok(said?.length, `${path} in ${put.text}`);
          if (words) assert.deepEqual(said, [words]);
          else assert.match(said![0], /"telepathy" is not a Pact matcher/);
          assert.equal((await b.api.get('/pacticipants/A%20Consumer')).status, 404, 'nothing stored');
          const file = join(dir, 'pact.json');
          writeFileSync(
            file,
            JSON.stringify({ consumer: { name: 'A Consumer' }, provider: { name: 'A Provider' }, ...body }),
          );
          const cli = await run(['publish', file, '-a', '1.2.3'], { ROLLGATE_BROKER_BASE_URL: b.url });
          assert.equal(cli.code, 5, cli.err);
          assert.ok(cli.err.includes(`${path}: ${said![0]}`), cli.err);
        });
      }
    });
  });
}
