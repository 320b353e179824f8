import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { closedPortUrl } from './support.ts';

/** Runs `npx tsx scripts/load-scenario.ts <args>` asynchronously (the broker under test runs in this process). */
function loadScenarioScript(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ROLLGATE|PACT)_BROKER_/.test(k)));
  return new Promise((done) => {
    execFile(
      resolve('node_modules/.bin/tsx'),
      [resolve('scripts/load-scenario.ts'), ...args],
      { env: { ...clean, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

describe('scripts/load-scenario.ts finds the broker as the CLI does', function () {
  this.timeout(60_000);
  let b: TestBroker;
  let dir: string;
  let file: string;
  let unreachable: string;

  before(async () => {
    b = await startTestBroker();
    unreachable = await closedPortUrl();
    dir = mkdtempSync(join(tmpdir(), 'rollgate-scenario-'));
    file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ steps: [{ createEnvironment: { name: 'qa', production: false } }] }));
  });
  after(async () => {
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('honours PACT_BROKER_BASE_URL and says which broker it loaded into', async () => {
    const r = await loadScenarioScript([file], { PACT_BROKER_BASE_URL: b.url });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`into the broker at ${b.url} \\(from PACT_BROKER_BASE_URL\\)`));
    assert.match(r.stdout, new RegExp(`Loaded 1 steps from .* into ${b.url}`));
    assert.equal((await b.api.get('/environments?name=qa')).body._embedded.environments.length, 1);
  });

  it('prefers ROLLGATE_BROKER_BASE_URL to PACT_BROKER_BASE_URL, and the argument to both', async () => {
    let r = await loadScenarioScript([file], { ROLLGATE_BROKER_BASE_URL: b.url, PACT_BROKER_BASE_URL: unreachable });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\(from ROLLGATE_BROKER_BASE_URL\)/);
    r = await loadScenarioScript([file, b.url], {
      ROLLGATE_BROKER_BASE_URL: unreachable,
      PACT_BROKER_BASE_URL: unreachable,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\(from command line\)/);
  });

  it('names the broker it could not reach', async () => {
    const r = await loadScenarioScript([file], { PACT_BROKER_BASE_URL: unreachable });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Could not load .* into the broker at http:\/\/127\.0\.0\.1:\d+ \(from PACT_BROKER_BASE_URL\): ECONNREFUSED/,
    );
  });
});
