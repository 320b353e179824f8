import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const PACTFLOW = resolve('node_modules/.bin/pactflow');

function pactflow(args: string[], brokerUrl: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      PACTFLOW,
      [...args, '--broker-base-url', brokerUrl, '--retries', '1'],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        done({
          code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
          out: `${stdout}${stderr}`,
        });
      },
    );
  });
}

/** The real `pactflow publish-provider-contract` (@pact-foundation/pact-cli 18) publishing to rollgate. */
describe('the real pactflow publish-provider-contract against rollgate', function () {
  this.timeout(90_000);
  let b: TestBroker;
  let dir: string;
  before(async () => {
    b = await startTestBroker();
    dir = mkdtempSync(join(tmpdir(), 'rollgate-pactflow-'));
  });
  after(async () => {
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the YAML document with its self-verification report, branch and tag', async () => {
    const report = join(dir, 'report.txt');
    writeFileSync(report, 'All 12 schemathesis checks passed\n');
    const r = await pactflow(
      [
        'publish-provider-contract',
        resolve('fixtures/openapi/orders/orders-api.yaml'),
        '--provider',
        'orders',
        '--provider-app-version',
        '2.0.0',
        '--branch',
        'main',
        '--tag',
        'prod',
        '--content-type',
        'application/yaml',
        '--verification-success',
        '--verification-results',
        report,
        '--verification-results-content-type',
        'text/plain',
        '--verification-results-format',
        'text',
        '--verifier',
        'schemathesis',
      ],
      b.url,
    );
    assert.equal(r.code, 0, r.out);
    const stored = await b.api.get('/provider-contracts/provider/orders/version/2.0.0');
    assert.equal(stored.status, 200);
    assert.match(stored.body.content, /title: orders/);
    assert.equal(stored.body.selfVerificationResults.success, true);
    assert.equal(stored.body.selfVerificationResults.verifier, 'schemathesis');
    assert.match(
      Buffer.from(stored.body.selfVerificationResults.content, 'base64').toString(),
      /12 schemathesis checks passed/,
    );
    const version = await b.api.get('/pacticipants/orders/versions/2.0.0');
    assert.deepEqual(
      version.body._embedded.branchVersions.map((x: { name: string }) => x.name),
      ['main'],
    );
    assert.deepEqual(
      version.body._embedded.tags.map((x: { name: string }) => x.name),
      ['prod'],
    );
  });

  it('records a failed self-verification (--no-verification-success with its report)', async () => {
    const report = join(dir, 'failed.txt');
    writeFileSync(report, '3 of 12 checks failed\n');
    const r = await pactflow(
      [
        'publish-provider-contract',
        resolve('fixtures/openapi/orders/orders-v1.yaml'),
        '--provider',
        'orders',
        '--provider-app-version',
        '2.1.0',
        '--content-type',
        'application/yaml',
        '--no-verification-success',
        '--verification-results',
        report,
        '--verifier',
        'schemathesis',
      ],
      b.url,
    );
    assert.equal(r.code, 0, r.out);
    assert.equal(
      (await b.api.get('/provider-contracts/provider/orders/version/2.1.0')).body.selfVerificationResults.success,
      false,
    );
  });

  it('stores no self-verification when the CLI sends none (--verification-exit-code without a report): the document is then not trusted', async () => {
    const r = await pactflow(
      [
        'publish-provider-contract',
        resolve('fixtures/openapi/orders/orders-v1.yaml'),
        '--provider',
        'orders',
        '--provider-app-version',
        '2.2.0',
        '--content-type',
        'application/yaml',
        '--verification-exit-code',
        '0',
      ],
      b.url,
    );
    assert.equal(r.code, 0, r.out);
    assert.equal(
      (await b.api.get('/provider-contracts/provider/orders/version/2.2.0')).body.selfVerificationResults,
      undefined,
    );
  });

  it('is refused (exit non-zero, nothing stored) for a document that does not parse', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'openapi: 3.0.3\npaths: [this is not an object\n');
    const r = await pactflow(
      [
        'publish-provider-contract',
        broken,
        '--provider',
        'orders',
        '--provider-app-version',
        '9.9.9',
        '--content-type',
        'application/yaml',
        '--verification-success',
      ],
      b.url,
    );
    assert.notEqual(r.code, 0, r.out);
    assert.equal((await b.api.get('/pacticipants/orders/versions/9.9.9')).status, 404);
  });
});
