import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import YAML from 'yaml';
import { ContractError } from '../../contracts/src/errors.ts';
import { OpenApiDocumentError } from '../../contracts/src/openapi/errors.ts';
import { loadOpenApi } from '../../contracts/src/openapi/load.ts';

const PETSTORE = readFileSync(new URL('../../fixtures/openapi/petstore/openapi.yaml', import.meta.url), 'utf8');

const minimal = (extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'T', version: '1' },
  paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
  ...extra,
});

/** Resolves to the error loadOpenApi throws; fails the test if it does not throw one. */
async function refusal(text: string, contentType?: string): Promise<OpenApiDocumentError> {
  try {
    await loadOpenApi(text, contentType);
  } catch (err) {
    assert.ok(err instanceof OpenApiDocumentError, `expected OpenApiDocumentError, got ${String(err)}`);
    assert.ok(err instanceof ContractError, 'maps to a 4xx like any contract error');
    return err;
  }
  assert.fail('the document was accepted');
}

describe('loadOpenApi', () => {
  it('reads YAML and reports version, title and a sha256 content hash', async () => {
    const doc = await loadOpenApi(PETSTORE, 'application/yaml');
    assert.equal(doc.version, '3.0');
    assert.equal(doc.declaredVersion, '3.0.3');
    assert.equal(doc.title, 'Pet Store');
    assert.match(doc.contentHash, /^[0-9a-f]{64}$/);
    // $refs are kept as written: the engine resolves them and circular schemas stay expressible.
    assert.deepEqual(
      (doc.document.paths as any)['/pets/{id}'].get.responses['200'].content['application/json'].schema,
      {
        $ref: '#/components/schemas/Pet',
      },
    );
  });

  it('gives the same hash to the same document in JSON, in YAML and with keys reordered', async () => {
    const yaml = await loadOpenApi(PETSTORE);
    const parsed = YAML.parse(PETSTORE);
    const json = await loadOpenApi(JSON.stringify(parsed, null, 2), 'application/json');
    const reordered = await loadOpenApi(JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse())));
    assert.equal(json.contentHash, yaml.contentHash);
    assert.equal(reordered.contentHash, yaml.contentHash);
    const changed = await loadOpenApi(JSON.stringify({ ...parsed, info: { ...parsed.info, version: '1.0.1' } }));
    assert.notEqual(changed.contentHash, yaml.contentHash);
  });

  it('reads Swagger 2.0, OpenAPI 3.0 and 3.1', async () => {
    const swagger = { swagger: '2.0', info: { title: 'S', version: '1' }, paths: {} };
    assert.equal((await loadOpenApi(JSON.stringify(swagger))).version, '2.0');
    assert.equal((await loadOpenApi(JSON.stringify(minimal()))).version, '3.0');
    assert.equal((await loadOpenApi(JSON.stringify(minimal({ openapi: '3.1.0' })))).version, '3.1');
  });

  it('refuses text that does not parse, with the parser message', async () => {
    const json = await refusal('{"openapi": "3.0.3",', 'application/json');
    assert.equal(json.kind, 'unparseable');
    assert.match(json.problems[0].message, /^is not valid JSON: .+/);
    const yaml = await refusal('openapi: 3.0.3\ninfo: [unclosed\n');
    assert.match(yaml.problems[0].message, /^is not valid YAML: .*line \d+, column \d+/s);
    assert.equal((await refusal('   ')).kind, 'unparseable');
    assert.match((await refusal('- a\n- b\n')).problems[0].message, /not an array/);
  });

  it('refuses a document of an unsupported or missing version, at the version field', async () => {
    const v32 = await refusal(JSON.stringify(minimal({ openapi: '3.2.0' })));
    assert.equal(v32.kind, 'unsupported');
    assert.deepEqual(
      v32.problems.map((p) => p.path),
      ['$.openapi'],
    );
    assert.equal((await refusal('info: {title: x}\n')).kind, 'unsupported');
  });

  it('tells content that is no OpenAPI document at all from a broken one (a broker may store the former)', async () => {
    for (const text of ['---\nsome: contract\n', 'info: {title: x}\n', '- a\n- b\n', '"just text"'])
      assert.equal((await refusal(text)).notOpenApi, true, text);
    for (const text of [
      'openapi: 3.0\ninfo: {title: x, version: "1"}\npaths: {}\n', // names OpenAPI, with a number for a version
      JSON.stringify(minimal({ openapi: '3.2.0' })),
      JSON.stringify({ swagger: '1.2', info: { title: 'x', version: '1' }, paths: {} }),
      'openapi: 3.0.3\ninfo: [unclosed\n',
      '   ',
    ])
      assert.equal((await refusal(text)).notOpenApi, false, text);
  });

  it('refuses an invalid document with one problem per validation error, at its path', async () => {
    const doc = minimal({ paths: { '/a': { get: { responses: { '200': { descriptio: 'typo' } } } } } });
    const err = await refusal(JSON.stringify(doc));
    assert.equal(err.kind, 'invalid');
    assert.ok(
      err.problems.some((p) => p.path === '$.paths["/a"].get.responses["200"]' && /description/.test(p.message)),
      JSON.stringify(err.problems),
    );
  });

  it('refuses an internal $ref that points nowhere (the engine would pass it silently)', async () => {
    const doc = minimal({
      paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Nope' } } } } },
    });
    const err = await refusal(JSON.stringify(doc));
    assert.equal(err.kind, 'invalid');
    assert.match(err.problems[0].message, /#\/components\/responses\/Nope/);
  });

  describe('external $refs', () => {
    let server: Server;
    let hits = 0;
    let port = 0;
    before(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end('{"description": "fetched!"}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    const withRef = (ref: string) =>
      JSON.stringify(minimal({ paths: { '/a': { get: { responses: { '200': { $ref: ref } } } } } }));

    for (const ref of [
      'http://127.0.0.1:{port}/response.json',
      'file:///etc/passwd',
      './shared.yaml#/Response',
      'https://127.0.0.1:9/x.json',
      '//127.0.0.1:{port}/x',
    ]) {
      it(`refuses ${ref} at the path of the ref and never fetches or reads it`, async () => {
        const err = await refusal(withRef(ref.replace('{port}', String(port))));
        assert.equal(err.kind, 'external-ref');
        assert.deepEqual(
          err.problems.map((p) => p.path),
          ['$.paths["/a"].get.responses["200"].$ref'],
        );
        assert.match(err.problems[0].message, /never fetches or reads external references/);
        assert.equal(hits, 0, 'the server was called');
      });
    }

    it('reports every external ref, in document order, nested in schemas too', async () => {
      const doc = minimal({
        components: {
          schemas: {
            A: { properties: { x: { $ref: 'http://127.0.0.1:1/a' }, y: { $ref: '#/components/schemas/B' } } },
            B: { $ref: 'b.json' },
          },
        },
      });
      const err = await refusal(JSON.stringify(doc));
      assert.deepEqual(
        err.problems.map((p) => p.path),
        ['$.components.schemas.A.properties.x.$ref', '$.components.schemas.B.$ref'],
      );
    });
  });
});
