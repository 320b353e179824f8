import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64 } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { hal, pathOf, refused } from './support.ts';

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
        ['a YAML list', () => body('- a\n- b\n', 'application/yaml'), /must be a JSON or YAML object/],
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
