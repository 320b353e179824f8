/** `rollgate diff-openapi OLD NEW` on the README's fixtures (fixtures/openapi/orders): exit codes and what it says. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support.ts';

const CURRENT = 'fixtures/openapi/orders/orders-api.yaml';
const V1 = 'fixtures/openapi/orders/orders-v1.yaml';
const RENAMED = 'fixtures/openapi/orders/orders-v2-renamed-status.yaml';
const RULES = 'fixtures/oas-diff/rules';

describe('rollgate diff-openapi', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-diff-openapi-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 and names each breaking change when the current orders API goes back to v1 (a rollback)', async () => {
    const r = await run(['diff-openapi', CURRENT, V1]);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.match(
      lines[0],
      /^✘ Breaking changes from .*orders-api\.yaml to .*orders-v1\.yaml \(ERR 4, WARN 0, INFO 0; failing on ERR\)$/,
    );
    const findings = lines.filter((l) => /^ {2}(ERR|WARN|INFO) /.test(l)).map((l) => l.trim().replace(/\s+/g, ' '));
    assert.deepEqual(findings.slice(0, 4), [
      'ERR GET /orders api-path-removed-without-deprecation',
      'ERR POST /orders api-path-removed-without-deprecation',
      'ERR GET /orders/{id} response-required-property-removed',
      'ERR GET /orders/{id} response-required-property-removed',
    ]);
    assert.ok(r.out.includes("Removed the required property 'customer' of the 200 response body (application/json)"));
    assert.ok(
      r.out.includes(
        'at base /paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/properties/items',
      ),
    );
    assert.match(r.out, /Engines: rollgate 1, api-smart-diff 1\.0\.6, optic 1\.0\.9/);
  });

  it('exits 0 when nothing breaks (v1 to the current API only adds)', async () => {
    const r = await run(['diff-openapi', V1, CURRENT, '--engines', 'rollgate']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^✔ No breaking change from /);
  });

  it('prints JSON with each finding: id, level, location and message', async () => {
    const r = await run(['diff-openapi', CURRENT, RENAMED, '--output', 'json', '--engines', 'rollgate']);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.breaking, true);
    assert.equal(report.failOn, 'ERR');
    const status = report.findings.find(
      (f: { id: string; args: { property?: string } }) =>
        f.id === 'response-required-property-removed' && f.args.property === 'status',
    );
    assert.deepEqual(status, {
      id: 'response-required-property-removed',
      level: 'ERR',
      location: {
        operation: { method: 'get', path: '/orders/{id}' },
        pointer: '/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/properties/status',
        side: 'base',
      },
      args: { status: '200', mediaType: 'application/json', property: 'status' },
      engines: ['rollgate'],
      message: "Removed the required property 'status' of the 200 response body (application/json)",
    });
  });

  it('fails on WARN only when asked (--fail-on WARN)', async () => {
    const args = [
      'diff-openapi',
      `${RULES}/request-property-removed/base.yaml`,
      `${RULES}/request-property-removed/revision.yaml`,
    ];
    const byDefault = await run([...args, '--engines', 'rollgate']);
    assert.equal(byDefault.code, 0, byDefault.err);
    assert.match(byDefault.out, /WARN POST \/pets {2}request-property-removed/);
    const strict = await run([...args, '--engines', 'rollgate', '--fail-on', 'WARN']);
    assert.equal(strict.code, 1, strict.err);
  });

  it('compares Swagger 2.0 documents (converted to OpenAPI 3.0 first)', async () => {
    const r = await run([
      'diff-openapi',
      `${RULES}/swagger-2.0/base.yaml`,
      `${RULES}/swagger-2.0/revision.yaml`,
      '--fail-on',
      'WARN',
    ]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /response-optional-property-removed/);
  });

  it('exits 3 when nothing breaking is found but a keyword no engine compares changed', async () => {
    const doc = (propertyName: string) =>
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {},
        components: { schemas: { Pet: { type: 'object', discriminator: { propertyName } } } },
      });
    writeFileSync(join(dir, 'a.json'), doc('kind'));
    writeFileSync(join(dir, 'b.json'), doc('type'));
    const r = await run(['diff-openapi', join(dir, 'a.json'), join(dir, 'b.json'), '--engines', 'rollgate']);
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /^\? No breaking change found .* but the answer is partial/);
    assert.match(r.out, /discriminator at \/components\/schemas\/Pet\/discriminator/);
  });

  it('exits 2 naming the file that is no OpenAPI document, 5 for a file that cannot be read, 2 for bad flags', async () => {
    writeFileSync(join(dir, 'not-openapi.yaml'), 'name: just some yaml\n');
    const bad = await run(['diff-openapi', V1, join(dir, 'not-openapi.yaml')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not-openapi\.yaml is not a usable OpenAPI document: \$\.openapi: names no version/);
    const missing = await run(['diff-openapi', join(dir, 'nope.yaml'), V1]);
    assert.equal(missing.code, 5);
    assert.match(missing.err, /cannot read .*nope\.yaml: no such file or directory/);
    assert.equal((await run(['diff-openapi', V1, CURRENT, '--fail-on', 'INFO'])).code, 2);
    const engine = await run(['diff-openapi', V1, CURRENT, '--engines', 'oasdiff']);
    assert.equal(engine.code, 2);
    assert.match(engine.err, /unknown engine oasdiff; known: rollgate, api-smart-diff, optic/);
  });
});
