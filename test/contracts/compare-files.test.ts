import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFiles, EXIT, exitCodeFor, exitCodeForError } from '../../contracts/src/compare/index.ts';
import { ContractError } from '../../contracts/src/errors.ts';
import { InputFileError, OpenApiDocumentError } from '../../contracts/src/openapi/errors.ts';
import type { Verdict } from '../../contracts/src/openapi/comparator/types.ts';

const dir = fileURLToPath(new URL('../../fixtures/openapi/petstore/', import.meta.url));
const OPENAPI = join(dir, 'openapi.yaml');
const GOOD = join(dir, 'pact-compatible.json');
const BAD = join(dir, 'pact-incompatible.json');

async function refusedWith(run: Promise<unknown>): Promise<ContractError> {
  try {
    await run;
  } catch (err) {
    assert.ok(err instanceof ContractError, String(err));
    assert.equal(exitCodeForError(err), EXIT.unusableInput);
    return err;
  }
  assert.fail('was not refused');
}

describe('compareFiles (rollgate compare)', () => {
  it('answers compatible, exit code 0', async () => {
    const { verdict, text } = await compareFiles(GOOD, OPENAPI);
    assert.equal(verdict.result, 'compatible');
    assert.equal(exitCodeFor(verdict), 0);
    assert.match(text, /^COMPATIBLE: web's pact with pet-store is supported by "Pet Store" \(OpenAPI 3\.0\.3\)/);
    assert.match(text, /0 errors, 0 warnings; 0 of 2 interactions failing/);
  });

  it('answers incompatible, exit code 1, with findings grouped by interaction', async () => {
    const { verdict, text } = await compareFiles(BAD, OPENAPI);
    assert.equal(verdict.result, 'incompatible');
    assert.equal(exitCodeFor(verdict), 1);
    const headings = text.split('\n').filter((l) => l.startsWith('Interaction '));
    assert.deepEqual(headings, [
      'Interaction [1] "get a missing pet" (GET /pets/{id})',
      'Interaction [2] "get a pet of an unknown kind" (GET /pets/{id})',
      'Interaction [3] "create a pet without credentials" (POST /pets)',
      'Interaction [4] "delete a pet"',
    ]);
  });

  it('says what the consumer expects, what the document allows, and where in each file', async () => {
    const { text } = await compareFiles(BAD, OPENAPI);
    const block = text.slice(text.indexOf('Interaction [2]'), text.indexOf('Interaction [3]'));
    assert.match(block, /error {3}response\.body\.incompatible/);
    assert.match(block, /consumer {2}expects, in the response body, "hamster"/);
    // Line 21 of the pact holds "kind": "hamster"; line 64 of the document the Pet schema's kind enum.
    assert.match(block, /pact-incompatible\.json:21:\d+ {2}\$\.interactions\[2\]\.response\.body\.kind/);
    assert.match(block, /document {2}allows \["cat","dog"\]/);
    assert.match(block, /openapi\.yaml:64:\d+ {2}\$\.components\.schemas\.Pet\.properties\.kind\.enum/);
    const status = text.slice(text.indexOf('Interaction [1]'), text.indexOf('Interaction [2]'));
    assert.match(status, /consumer {2}expects status 404/);
    assert.match(
      status,
      /document {2}defines the statuses 200\n.*openapi\.yaml:41:7 {2}\$\.paths\["\/pets\/\{id\}"\]\.get\.responses/,
    );
  });

  it('renders JSON output with the exit code, both inputs and positioned findings', async () => {
    const { text } = await compareFiles(BAD, OPENAPI, { output: 'json' });
    const out = JSON.parse(text);
    assert.equal(out.result, 'incompatible');
    assert.equal(out.exitCode, 1);
    assert.equal(out.document.title, 'Pet Store');
    assert.match(out.document.contentHash, /^[0-9a-f]{64}$/);
    assert.deepEqual(out.pact, {
      file: BAD,
      consumer: 'web',
      provider: 'pet-store',
      interactions: 5,
      specVersion: '2',
    });
    assert.deepEqual(
      out.findings.map((f: { code: string; interaction: { index: number } }) => [f.interaction.index, f.code]),
      [
        [1, 'response.status.unknown'],
        [2, 'response.body.incompatible'],
        [3, 'request.authorization.missing'],
        [4, 'request.path-or-method.unknown'],
      ],
    );
    assert.deepEqual(out.findings[0].pactPosition, { line: 13, column: 21 });
  });

  describe('unusable input: exit code 2', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rollgate-compare-'));
    const file = (name: string, text: string) => {
      const p = join(tmp, name);
      writeFileSync(p, text);
      return p;
    };

    it('a file that does not exist', async () => {
      const err = await refusedWith(compareFiles(join(tmp, 'nope.json'), OPENAPI));
      assert.ok(err instanceof InputFileError);
      assert.match(err.message, /nope\.json: cannot be read: ENOENT/);
    });

    it('a pact that is not JSON, or not a pact', async () => {
      const notJson = await refusedWith(compareFiles(file('a.json', '{"consumer":'), OPENAPI));
      assert.match(notJson.message, /is not a pact: not valid JSON/);
      const notPact = await refusedWith(compareFiles(file('b.json', '{"foo": 1}'), OPENAPI));
      assert.ok(notPact.problems.some((p) => p.path === '$.consumer.name'));
    });

    it('a document with an external $ref', async () => {
      const doc = file(
        'ext.yaml',
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a: {$ref: "http://127.0.0.1:9/a.yaml"}\n',
      );
      const err = await refusedWith(compareFiles(GOOD, doc));
      assert.ok(err instanceof OpenApiDocumentError);
      assert.equal(err.kind, 'external-ref');
    });
  });

  it('maps an unknown verdict to exit code 3 and a bug to 4', () => {
    const unknown: Verdict = {
      result: 'unknown',
      findings: [],
      engine: { name: 'e', version: '1' },
      reason: 'timed out after 5 ms',
    };
    assert.equal(exitCodeFor(unknown), EXIT.unknown);
    assert.equal(exitCodeForError(new TypeError('bug')), EXIT.internalError);
  });
});
