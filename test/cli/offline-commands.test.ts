import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support.ts';

const PETSTORE = 'fixtures/openapi/petstore';
const V3 = 'fixtures/pacts/v3/web-orders.json';
const V4 = 'fixtures/pacts/v4/web-orders.json';

describe('rollgate offline commands', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-cli-offline-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('compare', () => {
    it('exits 0 for a compatible pact and 1 for an incompatible one', async () => {
      const ok = await run([
        'compare',
        '--pact',
        `${PETSTORE}/pact-compatible.json`,
        '--openapi',
        `${PETSTORE}/openapi.yaml`,
      ]);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /^COMPATIBLE/);
      const bad = await run([
        'compare',
        '--pact',
        `${PETSTORE}/pact-incompatible.json`,
        '--openapi',
        `${PETSTORE}/openapi.yaml`,
        '--output',
        'json',
      ]);
      assert.equal(bad.code, 1, bad.err);
      const report = JSON.parse(bad.out);
      assert.equal(report.result, 'incompatible');
      // Each broken interaction is named with what is wrong with it; the one that fits ("list pets") is not.
      assert.deepEqual(
        report.findings
          .filter((f: { type: string }) => f.type === 'error')
          .map((f: { interaction: { description: string }; code: string }) => [f.interaction.description, f.code]),
        [
          ['get a missing pet', 'response.status.unknown'],
          ['get a pet of an unknown kind', 'response.body.incompatible'],
          ['create a pet without credentials', 'request.authorization.missing'],
          ['delete a pet', 'request.path-or-method.unknown'],
        ],
      );
    });

    it('exits 2 for an unusable pact, 5 for a missing file, and 2 for a missing flag', async () => {
      const notAPact = join(dir, 'not-a-pact.json');
      writeFileSync(notAPact, '{"interactions": 3}');
      const r = await run(['compare', '--pact', notAPact, '--openapi', `${PETSTORE}/openapi.yaml`]);
      assert.equal(r.code, 2);
      assert.match(r.err, /rollgate compare: /);
      assert.equal(
        (await run(['compare', '--pact', join(dir, 'missing.json'), '--openapi', `${PETSTORE}/openapi.yaml`])).code,
        5,
      );
      assert.equal((await run(['compare', '--pact', `${PETSTORE}/pact-compatible.json`])).code, 2);
    });
  });

  describe('diff-pacts', () => {
    it('exits 0 when the consumer asks for the same things, 1 when it asks for something different', async () => {
      const same = await run(['diff-pacts', V3, V3]);
      assert.equal(same.code, 0, same.err);
      assert.match(same.out, /no change/);
      const changed = await run(['diff-pacts', V3, V4]);
      assert.equal(changed.code, 1, changed.err);
      assert.match(changed.out, /a request for the order list \(interaction removed\)/);
      const json = await run(['diff-pacts', V3, V4, '--output', 'json']);
      assert.equal(JSON.parse(json.out).consumer, 'web');
    });

    it('exits 5 for a missing or unparseable file and 2 for a file that is not a pact', async () => {
      assert.equal((await run(['diff-pacts', V3, join(dir, 'missing.json')])).code, 5);
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{');
      assert.equal((await run(['diff-pacts', broken, V3])).code, 5);
      const notAPact = join(dir, 'not-a-pact.json');
      writeFileSync(notAPact, '{"interactions": 3}');
      const r = await run(['diff-pacts', notAPact, V3]);
      assert.equal(r.code, 2);
      assert.match(r.err, /not a usable pact/);
    });
  });
});
