import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, pathOf, refused } from './support.ts';
import { until } from '../../support/wait.ts';

const ordersV1Yaml = readFileSync(new URL('../../../fixtures/openapi/orders/orders-v1.yaml', import.meta.url), 'utf8');
const petstoreYaml = readFileSync(new URL('../../../fixtures/openapi/petstore/openapi.yaml', import.meta.url), 'utf8');
const oas3 = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};
const swagger2 = {
  swagger: '2.0',
  info: { title: 'orders', version: '1' },
  paths: { '/orders': { get: { responses: { '200': { description: 'ok' } } } } },
};
const oas31 = {
  openapi: '3.1.0',
  info: { title: 'orders', version: '1' },
  paths: { '/orders': { get: { responses: { '200': { description: 'ok' } } } } },
};

/** The body `pactflow publish-provider-contract` sends. */
const body = (content: string, contentType = 'application/json', over: Record<string, unknown> = {}) => ({
  pacticipantVersionNumber: '2.0.0',
  branch: 'main',
  tags: ['dev'],
  buildUrl: 'https://ci.example/9',
  contract: {
    content: base64(content),
    contentType,
    specification: 'oas',
    selfVerificationResults: {
      success: true,
      content: base64('all 12 tests passed'),
      contentType: 'text/plain',
      format: 'text',
      verifier: 'dredd',
      verifierVersion: '14',
    },
  },
  ...over,
});
const PUBLISH = '/provider-contracts/provider/orders/publish';
const json = (v: unknown) => JSON.stringify(v);

for (const adapter of adapters()) {
  describe(`Provider contracts [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('POST .../publish stores the document with its self-verification: 200 with notices, the version and its links', async () => {
      const res = hal(
        await b.api.post(PUBLISH, body(json(oas3)), { accept: 'application/hal+json, application/problem+json' }),
      );
      assert.equal(res._embedded.version.number, '2.0.0');
      assert.ok(res.notices.some((n: { text: string }) => /orders version 2\.0\.0/.test(n.text)));
      assert.equal(pathOf(res._links['pb:branch-version'].href), '/pacticipants/orders/branches/main/versions/2.0.0');
      assert.deepEqual(
        res._links['pb:pacticipant-version-tags'].map((t: { name: string }) => t.name),
        ['dev'],
      );
      const doc = hal(await b.api.get('/provider-contracts/provider/orders/version/2.0.0'));
      assert.deepEqual(JSON.parse(doc.content), oas3);
      assert.deepEqual([doc.selfVerificationResults.success, doc.selfVerificationResults.verifier], [true, 'dredd']);
      assert.equal(Buffer.from(doc.selfVerificationResults.content, 'base64').toString(), 'all 12 tests passed');
      const v = hal(await b.api.get('/pacticipants/orders/versions/2.0.0'));
      assert.deepEqual(
        [v.buildUrl, v._embedded.branchVersions[0].name, v._embedded.tags[0].name],
        ['https://ci.example/9', 'main', 'dev'],
      );
    });

    it('accepts YAML, Swagger 2.0 and OpenAPI 3.1 documents and serves each back as sent', async () => {
      const docs: [string, string, string][] = [
        ['1', petstoreYaml, 'application/yaml'],
        ['2', json(swagger2), 'application/json'],
        ['3', json(oas31), 'application/json'],
      ];
      for (const [version, text, type] of docs)
        hal(await b.api.post(PUBLISH, body(text, type, { pacticipantVersionNumber: version })));
      for (const [version, text] of docs)
        assert.equal(hal(await b.api.get(`/provider-contracts/provider/orders/version/${version}`)).content, text);
    });

    it('the older PUT /contracts/provider/{p}/version/{v} answers 201, and a later publish for the version is the one served', async () => {
      const put = await b.api.put('/contracts/provider/orders/version/2.0.0', {
        content: base64(json(oas3)),
        contentType: 'application/json',
        contractType: 'oas',
        verificationResults: { success: false, content: base64('1 failed'), format: 'text' },
      });
      assert.equal(hal(put, 201).selfVerificationResults.success, false);
      hal(await b.api.post(PUBLISH, body(json(swagger2))));
      assert.deepEqual(
        JSON.parse(hal(await b.api.get('/provider-contracts/provider/orders/version/2.0.0')).content),
        swagger2,
      );
    });

    it('GET for an unknown provider, version, or a version without a document is a 404', async () => {
      await b.api.put('/pacticipants/orders/versions/1', {});
      for (const url of [
        '/provider-contracts/provider/nobody/version/1',
        '/provider-contracts/provider/orders/version/9',
        '/provider-contracts/provider/orders/version/1',
      ]) {
        const res = await b.api.get(url);
        assert.equal(res.status, 404, url);
        assert.ok(res.body.errors);
      }
    });

    describe('content that is no OpenAPI document is stored as given, as PactFlow stores it, and is never evidence', () => {
      /** What the PactFlow clients' own pacts publish (fixtures/pb-client-pacts). */
      const PLACEHOLDER = '---\nsome: contract\n';
      const warnings = (res: { notices: { type: string; text: string }[] }) =>
        res.notices.filter((n) => n.type === 'warning').map((n) => n.text);
      const row = async (providerVersion: string) => {
        const res = await b.api.get(
          `/can-i-deploy?pacticipant=orders&version=${providerVersion}&environment=production`,
        );
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.matrix.length, 1, JSON.stringify(res.body.matrix));
        return { summary: res.body.summary, row: res.body.matrix[0] };
      };

      it('publish: 200 with a warning notice; served back as sent; comparisons with pacts are unknown with the reason', async () => {
        await b.td
          .environment('production')
          .publishPact({
            consumer: 'web',
            version: '1',
            provider: 'orders',
            pact: (p) => p.withInteraction({ path: '/orders/1' }),
          })
          .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
        // orders 2: the placeholder, self-verified; orders 3: a readable document the pact is compatible with.
        const published = hal(
          await b.api.post(PUBLISH, body(PLACEHOLDER, 'application/yaml', { pacticipantVersionNumber: '2' })),
        );
        assert.equal(published._embedded.version.number, '2');
        const [warning, ...more] = warnings(published);
        assert.deepEqual(more, []);
        assert.match(
          warning ?? '',
          /orders version 2 is not an OpenAPI document \(contract\.content\.openapi: names no version/,
        );
        assert.match(warning ?? '', /stored as given, but no pact can be compared with it/);
        hal(await b.api.post(PUBLISH, body(ordersV1Yaml, 'application/yaml', { pacticipantVersionNumber: '3' })));

        const stored = hal(await b.api.get('/provider-contracts/provider/orders/version/2'));
        assert.equal(stored.content, PLACEHOLDER);
        assert.equal(stored.readable, false);
        assert.equal(stored.selfVerificationResults.success, true);

        // The readable document is compared (and decides); the placeholder never is, whatever its self-verification.
        const compatible = await until(
          'the comparison with orders 3',
          async () => {
            const r = await row('3');
            return r.row.verdict === 'compatible' ? r : undefined;
          },
          { timeoutMs: 30_000 },
        );
        assert.equal(compatible.row.evidence, 'openapi');
        // can-i-deploy: unknown, never "yes" (the matrix's rows keep their own reason for a pair without evidence).
        const unknown = await row('2');
        assert.deepEqual([unknown.row.verdict, unknown.row.evidence], ['unknown', 'none']);
        assert.notEqual(unknown.summary.deployable, true);
        assert.equal(unknown.summary.unknown, 1);
        // can-i-rollback says why: orders 2 deployed, then orders 4 (verified); rolling orders back pairs web 1 with 2.
        await b.td
          .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
          .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '4', success: true })
          .deploy({ pacticipant: 'orders', version: '4', environment: 'production' });
        const rollback = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
        assert.equal(rollback.status, 200, rollback.text);
        const pair = rollback.body.pairs.find(
          (p: { consumer: { version: string }; provider: { version: string } }) =>
            p.consumer.version === '1' && p.provider.version === '2',
        );
        assert.ok(pair, JSON.stringify(rollback.body.pairs));
        assert.equal(pair.verdict, 'unknown');
        assert.deepEqual(
          pair.reasons.map((r: { id: string }) => r.id),
          ['provider-contract-unreadable'],
        );
        assert.match(JSON.stringify(pair.reasons), /contract is not an OpenAPI document rollgate can read/);

        const sha = (await b.api.get('/pacts/provider/orders/consumer/web/version/1')).body._links['pb:pact-version']
          .name;
        const comparison = hal(
          await b.api.get(`/pacts/provider/orders/consumer/web/pact-version/${sha}/comparison/provider-version/2`),
        );
        assert.deepEqual([comparison.status, comparison.result], ['done', 'unknown']);
        assert.match(comparison.reason, /not an OpenAPI document rollgate can read/);

        // What changed from a readable document to it cannot be told: failed, never "no change".
        const changes = await until(
          'the changes from orders 3 to 2',
          async () => {
            const res = hal(await b.api.get('/provider-contracts/provider/orders/version/2/changes?against=3'));
            return res.status === 'pending' ? undefined : res;
          },
          { timeoutMs: 30_000 },
        );
        assert.equal(changes.status, 'failed');
        assert.match(changes.failure, /not an OpenAPI document rollgate can read/);

        // A verification result is still evidence.
        await b.td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true });
        const verified = await row('2');
        assert.deepEqual([verified.row.verdict, verified.row.evidence], ['compatible', 'verification']);
      });

      it('the older PUT answers 201 with the same notice, and a list is stored the same way', async () => {
        const put = hal(
          await b.api.put('/contracts/provider/orders/version/1', {
            content: base64(PLACEHOLDER),
            contentType: 'application/yaml',
            contractType: 'oas',
            verificationResults: { success: true },
          }),
          201,
        );
        assert.equal(put.readable, false);
        assert.match(put.notices[0].text, /not an OpenAPI document rollgate can read/);
        assert.match(put._links['pf:ui'].href, /\/ui\/provider-contracts\/provider\/orders\/version\/1$/);
        const list = hal(await b.api.post(PUBLISH, body('- a\n- b\n', 'application/yaml')));
        assert.match(warnings(list)[0] ?? '', /a document must be a JSON or YAML object, not an array/);
        assert.equal(hal(await b.api.get('/provider-contracts/provider/orders/version/2.0.0')).content, '- a\n- b\n');
      });

      it('a document that claims to be OpenAPI is still refused when rollgate cannot read it', async () => {
        // `openapi: 3.0` is a YAML number: it names OpenAPI, but no version rollgate reads.
        await refused(
          b,
          400,
          () =>
            b.api.post(PUBLISH, body('openapi: 3.0\ninfo: {title: x, version: "1"}\npaths: {}\n', 'application/yaml')),
          /contract\.content\.openapi.*names no version/,
        );
        assert.equal((await b.api.get('/pacticipants/orders')).status, 404);
      });
    });

    describe("a document that does not parse is a 400 with the parser's message, and nothing is stored", () => {
      const cases: [string, () => unknown, RegExp][] = [
        [
          'YAML with a syntax error',
          () => body('openapi: 3.0.3\ninfo: [unclosed\n', 'application/yaml'),
          /contract\.content.*not valid YAML/,
        ],
        [
          'JSON with a syntax error',
          () => body('{"openapi": "3.0.3",', 'application/json'),
          /contract\.content.*not valid JSON/,
        ],
        [
          'a document without info (swagger-parser refuses it)',
          () => body(json({ openapi: '3.0.3', paths: {} })),
          /contract\.content.*must have required property 'info'/,
        ],
        [
          'a response without a description',
          () => body(json({ ...oas3, paths: { '/a': { get: { responses: { '200': {} } } } } })),
          /description/,
        ],
        ['an unsupported version', () => body(json({ ...oas3, openapi: '4.0.0' })), /4\.0\.0.*not supported/],
        ['an empty document', () => body('', 'application/yaml'), /empty/],
        [
          'an internal $ref to nothing',
          () =>
            body(
              json({
                ...oas3,
                paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Nope' } } } } },
              }),
            ),
          /Missing \$ref pointer.*Nope/,
        ],
        [
          'content that is not base64',
          () => ({ ...body(json(oas3)), contract: { ...body(json(oas3)).contract, content: '%%%' } }),
          /contract\.content.*base64/,
        ],
        [
          'a specification other than oas',
          () => ({ ...body(json(oas3)), contract: { ...body(json(oas3)).contract, specification: 'pact' } }),
          /specification must be \\"oas\\"/,
        ],
        ['a missing contract', () => ({ pacticipantVersionNumber: '2.0.0' }), /contract/],
        [
          'a self-verification success that is not a boolean',
          () => ({
            ...body(json(oas3)),
            contract: { ...body(json(oas3)).contract, selfVerificationResults: { success: 'yes' } },
          }),
          /success must be true or false/,
        ],
        [
          'a missing version number',
          () => ({ ...body(json(oas3)), pacticipantVersionNumber: undefined }),
          /pacticipantVersionNumber/,
        ],
        ['malformed JSON', () => '{"pacticipantVersionNumber": ', /not valid JSON/],
      ];
      for (const [what, request, pattern] of cases) {
        it(what, async () => {
          await refused(b, 400, () => b.api.post(PUBLISH, request()), pattern);
          assert.equal((await b.api.get('/pacticipants/orders')).status, 404);
        });
      }
      it('the same through the older PUT', async () => {
        await refused(
          b,
          400,
          () =>
            b.api.put('/contracts/provider/orders/version/1', {
              content: base64('openapi: [\n'),
              contentType: 'application/yaml',
              contractType: 'oas',
            }),
          /content.*YAML/,
        );
      });
    });

    describe('external $refs are refused and never fetched', () => {
      let server: Server;
      let hits: string[];
      let url: string;
      beforeEach(async () => {
        hits = [];
        server = createServer((req, res) => {
          hits.push(req.url ?? '');
          res.setHeader('content-type', 'application/json');
          res.end(json({ type: 'object' }));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterEach(async () => new Promise<void>((resolve) => server.close(() => resolve())));

      for (const [what, ref] of [
        ['an http $ref', () => `${url}/schemas.json#/Order`],
        ['a file $ref', () => 'file:///etc/passwd'],
        ['a relative file $ref', () => './schemas.yaml#/Order'],
      ] as const) {
        it(what, async () => {
          const doc = {
            ...oas3,
            paths: {
              '/o': {
                get: {
                  responses: {
                    '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref() } } } },
                  },
                },
              },
            },
          };
          const res = await refused(b, 400, () => b.api.post(PUBLISH, body(json(doc))), /refers outside the document/);
          assert.match(JSON.stringify(res.body.errors), /contract\.content\.paths/);
          assert.deepEqual(hits, []);
        });
      }
    });
  });
}
