/**
 * A second broker on a port already in use (issue 18): one line that says what is wrong and what to do, no stack
 * trace, a non-zero exit (2, like other start-up settings to fix), and no process left running.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildBroker, stopChildBroker, type ChildBroker } from '../support/child-broker.ts';

describe('rollgate serve on a busy port', function () {
  this.timeout(60_000);
  let dir: string;
  let first: ChildBroker | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-busy-'));
  });
  after(async () => {
    await stopChildBroker(first);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the port is in use in one line and exits 2', async () => {
    first = await startChildBroker(join(dir, 'first.db'));
    const port = new URL(first.url).port;
    const second = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/src/main.ts', 'serve', '--database', join(dir, 'second.db')],
      {
        env: {
          ...process.env,
          ROLLGATE_PORT: port,
          ROLLGATE_LOG_LEVEL: 'warn',
          ROLLGATE_TOKENS: '',
          ROLLGATE_HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    second.stdout.on('data', (d) => (out += d));
    second.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    assert.equal(code, 2, out + err);
    assert.equal(
      err,
      `rollgate: cannot listen on 127.0.0.1:${port}: the port is already in use (is another broker running there?); choose another port with --port or ROLLGATE_PORT\n`,
    );
    assert.doesNotMatch(out + err, /TypeError|\n\s+at /);
    // The first broker is untouched.
    assert.equal((await first.api.get('/diagnostic/status/heartbeat')).status, 200);
  });
});
