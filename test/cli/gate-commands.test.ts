import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMatrixQuery } from '../../cli/src/commands/can-i-deploy.ts';
import { run, startStub, type StubAnswer, type RecordedRequest, type Stub } from './support.ts';

const matrix = (deployable: boolean | null, extra: Record<string, unknown> = {}) => ({
  body: {
    summary: {
      deployable,
      reason: deployable
        ? 'All required verification results are published and successful'
        : 'There is no verified pact between web (1.0.0) and orders (2.0.0)',
      success: deployable ? 1 : 0,
      failed: 0,
      unknown: deployable === null ? 1 : 0,
    },
    matrix: [
      {
        consumer: { name: 'web', version: { number: '1.0.0' } },
        provider: { name: 'orders', version: { number: '2.0.0' } },
        verificationResult: deployable === null ? null : { success: deployable },
      },
    ],
    ...extra,
  },
});

/** Starts a stub answering every request with `answer`, runs the CLI against it, and returns both. */
async function against(
  answer: (req: RecordedRequest, n: number) => StubAnswer,
  argv: string[],
  env: Record<string, string> = {},
) {
  const stub = await startStub(answer);
  try {
    const r = await run(argv, { ROLLGATE_BROKER_BASE_URL: stub.url, ...env });
    return { ...r, requests: stub.requests };
  } finally {
    await stub.close();
  }
}

describe('rollgate can-i-deploy (against a stub /matrix)', () => {
  // The table of real-clients.md "can-i-deploy: one request": what `pact-broker can-i-deploy` sends.
  const cases: [string[], string][] = [
    [
      ['--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production'],
      '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvpv&environment=production',
    ],
    [['--pacticipant', 'web', '--latest'], '/matrix?q[][pacticipant]=web&q[][latest]=true&latestby=cvp&latest=true'],
    [
      ['--pacticipant', 'web', '--latest', '--to-environment', 'production'],
      '/matrix?q[][pacticipant]=web&q[][latest]=true&latestby=cvpv&environment=production',
    ],
    [
      ['--pacticipant', 'web', '--version', '1.0.0', '--pacticipant', 'orders', '--latest', 'main'],
      '/matrix?q[][pacticipant]=web&q[][version]=1.0.0&q[][pacticipant]=orders&q[][latest]=true&q[][tag]=main&latestby=cvpv',
    ],
    [
      ['--pacticipant', 'web', '--branch', 'main', '--to', 'prod'],
      '/matrix?q[][pacticipant]=web&q[][branch]=main&tag=prod&latestby=cvp&latest=true',
    ],
    [
      ['--pacticipant', 'web', '--main-branch', '--to-environment', 'production', '--ignore', 'orders'],
      '/matrix?q[][pacticipant]=web&q[][mainBranch]=true&ignore[][pacticipant]=orders&latestby=cvpv&environment=production',
    ],
    [
      ['--pacticipant', 'web app', '--version', '1.0.0+build.1'],
      '/matrix?q[][pacticipant]=web%20app&q[][version]=1.0.0%2Bbuild.1&latestby=cvp&latest=true',
    ],
    [
      [
        '--pacticipant',
        'web',
        '--version',
        '1',
        '--ignore',
        'orders',
        '--version',
        '2.0.0',
        '--to-environment',
        'test',
      ],
      '/matrix?q[][pacticipant]=web&q[][version]=1&ignore[][pacticipant]=orders&ignore[][version]=2.0.0&latestby=cvpv&environment=test',
    ],
  ];
  for (const [argv, expected] of cases) {
    it(`${argv.join(' ')} -> ${expected}`, async () => {
      const r = await against(() => matrix(true), ['can-i-deploy', ...argv]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(
        r.requests.map((q) => `${q.method} ${q.url}`),
        [`GET ${expected}`],
        'one request, no index fetch',
      );
    });
  }

  it('a --version belongs to the --pacticipant before it, whatever order the other flags come in', () => {
    assert.equal(
      buildMatrixQuery({
        selectors: [
          { pacticipant: 'a', version: '1' },
          { pacticipant: 'b', latest: true },
        ],
        ignores: [],
        toEnvironment: 'e',
      }),
      'q[][pacticipant]=a&q[][version]=1&q[][pacticipant]=b&q[][latest]=true&latestby=cvpv&environment=e',
    );
  });

  it('exits 0 when deployable, 1 when not or unknown, and 0 for either with --dry-run', async () => {
    const yes = await against(
      () => matrix(true),
      ['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production'],
    );
    assert.equal(yes.code, 0);
    assert.match(yes.out, /web\s+1\.0\.0\s+orders\s+2\.0\.0\s+compatible\s+verification/);
    assert.match(yes.out, /Computer says yes/);
    const no = await against(
      () => matrix(false),
      ['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production'],
    );
    assert.equal(no.code, 1);
    assert.match(no.out, /Computer says no/);
    assert.match(no.out, /There is no verified pact/);
    assert.equal((await against(() => matrix(null), ['can-i-deploy', '-a', 'web', '-e', '1.0.0'])).code, 1);
    const dry = await against(() => matrix(false), ['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--dry-run']);
    assert.equal(dry.code, 0);
    assert.match(dry.out, /\[dry-run\]/);
    assert.equal(
      (
        await against(() => matrix(false), ['can-i-deploy', '-a', 'web', '-e', '1.0.0'], {
          PACT_BROKER_CAN_I_DEPLOY_DRY_RUN: 'true',
        })
      ).code,
      0,
    );
  });

  it('prints notices in preference to the reason, and the body verbatim with --output json', async () => {
    const withNotices = () =>
      matrix(false, {
        notices: [{ type: 'error', text: 'The verification for the pact between web and orders failed' }],
      });
    const text = await against(withNotices, ['can-i-deploy', '-a', 'web', '-e', '1']);
    assert.match(text.out, /✘ The verification for the pact between web and orders failed/);
    const json = await against(withNotices, ['can-i-deploy', '-a', 'web', '-e', '1', '--output', 'json']);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.out).summary.deployable, false);
  });

  it('polls while the answer is unknown, up to --retry-while-unknown times', async () => {
    const r = await against(
      (_, n) => matrix(n < 2 ? null : true),
      ['can-i-deploy', '-a', 'web', '-e', '1', '--retry-while-unknown', '5', '--retry-interval', '0.01'],
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(r.requests.length, 3);
    assert.match(r.err, /retry 1 of 5/);
    const gaveUp = await against(
      () => matrix(null),
      ['can-i-deploy', '-a', 'web', '-e', '1', '--retry-while-unknown', '2', '--retry-interval', '0'],
    );
    assert.equal(gaveUp.code, 1);
    assert.equal(gaveUp.requests.length, 3);
    const noRetryWhenFalse = await against(
      () => matrix(false),
      ['can-i-deploy', '-a', 'web', '-e', '1', '--retry-while-unknown', '2'],
    );
    assert.equal(noRetryWhenFalse.requests.length, 1);
    // No only because evidence is pending: a failed pair keeps it no whatever the unknown ones become.
    const failedAndUnknown = await against(() => {
      const m = matrix(false);
      return { ...m, body: { ...m.body, summary: { ...m.body.summary, failed: 1, unknown: 1 } } };
    }, ['can-i-deploy', '-a', 'web', '-e', '1', '--retry-while-unknown', '2', '--retry-interval', '0']);
    assert.equal(failedAndUnknown.code, 1);
    assert.equal(failedAndUnknown.requests.length, 1);
  });

  it('does not poll an answer with failures, even when it is null because other pairs are unknown (exit 1)', async () => {
    const failedAndUnknown = () => {
      const m = matrix(null);
      return { body: { ...m.body, summary: { ...m.body.summary, failed: 1, unknown: 1 } } };
    };
    const r = await against(failedAndUnknown, [
      'can-i-deploy',
      '-a',
      'web',
      '-e',
      '1',
      '--retry-while-unknown',
      '3',
      '--retry-interval',
      '0',
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.requests.length, 1, 'a failure does not change by waiting');
    assert.doesNotMatch(r.err, /Waiting for/);
  });

  it('a broker 400 is a failure (4) with its errors printed, not a "no"', async () => {
    const r = await against(
      () => ({ status: 400, body: { errors: ['Pacticipant wbe not found'] }, contentType: 'application/json' }),
      ['can-i-deploy', '-a', 'wbe', '-e', '1'],
    );
    assert.equal(r.code, 4);
    assert.match(r.err, /400 Bad Request\n {2}Pacticipant wbe not found/);
  });

  it('bad selector flags exit 2', async () => {
    for (const argv of [
      ['can-i-deploy'],
      ['can-i-deploy', '--version', '1', '--pacticipant', 'web'],
      ['can-i-deploy', '--pacticipant', 'web'],
      ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--latest'],
      ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--to', 'prod', '--to-environment', 'production'],
      ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--output', 'xml'],
    ]) {
      const r = await against(() => matrix(true), argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.equal(r.requests.length, 0);
    }
  });
});

describe('broker connection options', () => {
  let stub: Stub;
  beforeEach(async () => {
    stub = await startStub(() => matrix(true));
  });
  afterEach(() => stub.close());
  const ask = ['can-i-deploy', '-a', 'web', '-e', '1'];

  it('uses ROLLGATE_BROKER_* before PACT_BROKER_*, and flags before both', async () => {
    const elsewhere = 'http://127.0.0.1:1';
    assert.equal(
      (
        await run(ask, {
          ROLLGATE_BROKER_BASE_URL: stub.url,
          PACT_BROKER_BASE_URL: elsewhere,
          ROLLGATE_BROKER_TOKEN: 'rg',
          PACT_BROKER_TOKEN: 'pb',
        })
      ).code,
      0,
    );
    assert.equal(stub.requests.at(-1)!.headers.authorization, 'Bearer rg');
    assert.equal((await run(ask, { PACT_BROKER_BASE_URL: stub.url, PACT_BROKER_TOKEN: 'pb' })).code, 0);
    assert.equal(stub.requests.at(-1)!.headers.authorization, 'Bearer pb');
    assert.equal(
      (
        await run([...ask, '-b', stub.url, '-k', 'flag'], {
          ROLLGATE_BROKER_BASE_URL: elsewhere,
          ROLLGATE_BROKER_TOKEN: 'rg',
        })
      ).code,
      0,
    );
    assert.equal(stub.requests.at(-1)!.headers.authorization, 'Bearer flag');
  });

  it('reads the token from a file (--broker-token-file, ROLLGATE_BROKER_TOKEN_FILE), keeping it off command lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-token-'));
    try {
      writeFileSync(join(dir, 'token'), 'from-file-token\n');
      assert.equal((await run([...ask, '-b', stub.url, '--broker-token-file', join(dir, 'token')])).code, 0);
      assert.equal(stub.requests.at(-1)!.headers.authorization, 'Bearer from-file-token');
      assert.equal(
        (await run(ask, { ROLLGATE_BROKER_BASE_URL: stub.url, ROLLGATE_BROKER_TOKEN_FILE: join(dir, 'token') })).code,
        0,
      );
      assert.equal(stub.requests.at(-1)!.headers.authorization, 'Bearer from-file-token');
      const missing = await run([...ask, '-b', stub.url, '--broker-token-file', join(dir, 'nope')]);
      assert.notEqual(missing.code, 0);
      assert.match(missing.err, /cannot read the broker token file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends basic auth from --broker-username/--broker-password or their env variables', async () => {
    await run([...ask, '-b', stub.url, '-u', 'user', '-p', 'pw']);
    assert.equal(stub.requests.at(-1)!.headers.authorization, `Basic ${Buffer.from('user:pw').toString('base64')}`);
    await run(ask, { ROLLGATE_BROKER_BASE_URL: stub.url, PACT_BROKER_USERNAME: 'u2', PACT_BROKER_PASSWORD: 'p2' });
    assert.equal(stub.requests.at(-1)!.headers.authorization, `Basic ${Buffer.from('u2:p2').toString('base64')}`);
  });

  it('keeps a context path in the base URL', async () => {
    await run([...ask, '-b', `${stub.url}/broker/`]);
    assert.match(stub.requests.at(-1)!.url, /^\/broker\/matrix\?/);
  });
});
