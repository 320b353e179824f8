/**
 * rollgate with the REAL Pact clients: a pact-js consumer test (PactV3) writes a pact, the pact-broker CLI
 * (pact-cli 18, Rust) publishes it, the pact-js Verifier (libpact_ffi) verifies a small local provider from the
 * broker and publishes, and can-i-deploy / record-deployment give the exit codes the Pact Broker would.
 * The Verifier hides publishing failures, so every step asserts on what the broker stored.
 * Everything runs against a broker in this process, so the CLI is spawned asynchronously (never spawnSync).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV3, Verifier } from '@pact-foundation/pact';
import { pactBroker } from '../support/pact-broker-cli.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

process.env.PACT_DO_NOT_TRACK = 'true';
const cli = pactBroker;

/** The orders provider; `broken` answers order 1 with the wrong types. */
function startProvider(state: { broken: boolean }): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && u.pathname === '/orders/1')
        return json(200, state.broken ? { id: 'one', status: 'LOST' } : { id: 1, status: 'PAID', customer: 'carol' });
      if (req.method === 'GET' && u.pathname === '/orders') return json(200, [{ id: 8 }, { id: 9 }]);
      json(404, { error: 'not found' });
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((c) => server.close(() => c())),
      }),
    ),
  );
}

async function writeConsumerPact(dir: string): Promise<void> {
  const { integer, like, regex, eachLike } = MatchersV3;
  const pact = new PactV3({ consumer: 'web', provider: 'orders', dir, logLevel: 'error' });
  pact
    .given('order 1 exists')
    .uponReceiving('a request for order 1')
    .withRequest({ method: 'GET', path: '/orders/1', headers: { Accept: 'application/json' } })
    .willRespondWith({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { id: integer(1), status: regex('^(NEW|PAID|SHIPPED)$', 'NEW'), customer: like('alice') },
    });
  await pact.executeTest(async (mock) => {
    const r = await fetch(`${mock.url}/orders/1`, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 200);
  });
  pact
    .given('no orders exist')
    .uponReceiving('a request for the order list')
    .withRequest({ method: 'GET', path: '/orders', query: { status: 'NEW' } })
    .willRespondWith({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: eachLike({ id: integer(7) }),
    });
  await pact.executeTest(async (mock) => {
    const r = await fetch(`${mock.url}/orders?status=NEW`);
    assert.equal(r.status, 200);
  });
}

describe('end to end with the real Pact clients (pact-js 17 Verifier, pact-broker CLI 18)', function () {
  this.timeout(240_000);
  let b: TestBroker;
  let dir: string;
  const providerState = { broken: false };
  let provider: Awaited<ReturnType<typeof startProvider>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-e2e-'));
    b = await startTestBroker();
    provider = await startProvider(providerState);
  });
  after(async () => {
    await provider?.close();
    await b?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const verify = (opts: Record<string, unknown>) =>
    new Verifier({
      provider: 'orders',
      providerBaseUrl: provider.url,
      publishVerificationResult: true,
      logLevel: 'error',
      stateHandlers: { 'order 1 exists': async () => ({}), 'no orders exist': async () => ({}) },
      ...opts,
    } as ConstructorParameters<typeof Verifier>[0]).verifyProvider();

  const pairRow = async (consumerVersion: string, providerVersion: string) => {
    const res = await b.api.get(
      `/matrix?q[][pacticipant]=web&q[][version]=${consumerVersion}&q[][pacticipant]=orders&q[][version]=${providerVersion}&latestby=cvpv`,
    );
    assert.equal(res.status, 200, res.text);
    return res.body.matrix.find((r: { consumer: { name: string } }) => r.consumer.name === 'web');
  };

  it('a pact-js consumer test writes the pact; pact-broker publish stores it with its branch', async () => {
    await writeConsumerPact(dir);
    assert.deepEqual(readdirSync(dir), ['web-orders.json']);
    const out = await cli(
      ['publish', dir, '--consumer-app-version', '1.0.0', '--branch', 'main', '--retries', '1'],
      b.url,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /Created web version 1\.0\.0 with branch main/);
    const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
    assert.equal(pact.status, 200);
    assert.equal(pact.body.interactions.length, 2);
    const version = await b.api.get('/pacticipants/web/versions/1.0.0');
    assert.equal(version.body._embedded.branchVersions[0].name, 'main');
  });

  it('the Verifier fetches pacts for verification (selectors, pending), verifies, and publishes the result, branch and tags', async () => {
    await verify({
      pactBrokerUrl: b.url,
      providerVersion: '2.0.0',
      providerVersionBranch: 'main',
      providerVersionTags: ['dev'],
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      includeWipPactsSince: '2026-01-01',
    });
    const row = await pairRow('1.0.0', '2.0.0');
    assert.equal(row?.verificationResult?.success, true, 'the verification result was stored');
    const result = await b.api.get(new URL(row.verificationResult._links.self.href).pathname);
    assert.equal(result.body.testResults.length, 2, 'served interactions carry _id, so testResults name them');
    assert.ok(result.body.testResults.every((t: { interactionId: string }) => /^[0-9a-f]{40}$/.test(t.interactionId)));
    const version = await b.api.get('/pacticipants/orders/versions/2.0.0');
    assert.equal(version.body._embedded.branchVersions[0].name, 'main');
    assert.deepEqual(
      version.body._embedded.tags.map((t: { name: string }) => t.name),
      ['dev'],
    );
  });

  it('a blank provider branch (pact-js sends "" when none is set) is accepted', async () => {
    await verify({
      pactBrokerUrl: b.url,
      providerVersion: '2.0.1',
      consumerVersionSelectors: [{ mainBranch: true }],
      enablePending: true,
    });
    assert.equal((await pairRow('1.0.0', '2.0.1'))?.verificationResult?.success, true);
  });

  it('can-i-deploy and record-deployment give the Pact Broker exit codes', async () => {
    assert.equal(
      (await cli(['create-environment', '--name', 'production', '--production', '--retries', '1'], b.url)).code,
      0,
    );
    const notDeployed = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(notDeployed.code, 1, 'the provider is not deployed in production: computer says no');
    const asJson = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
        '--output',
        'json',
        '--retries',
        '1',
      ],
      b.url,
    );
    const body = JSON.parse(asJson.stdout.slice(asJson.stdout.indexOf('{')));
    assert.equal(body.summary.deployable, null);
    assert.equal(body.summary.unknown, 1);
    const provider = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'orders',
        '--version',
        '2.0.0',
        '--to-environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(provider.code, 0, `a provider does not need its consumers: ${provider.stdout}`);
    const rec = await cli(
      [
        'record-deployment',
        '--pacticipant',
        'orders',
        '--version',
        '2.0.0',
        '--environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(rec.code, 0, rec.stdout + rec.stderr);
    const yes = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(yes.code, 0, yes.stdout + yes.stderr);
    assert.match(yes.stdout, /All required verification results are published and successful/);
    assert.equal((await cli(['can-i-deploy', '--pacticipant', 'web', '--latest', '--retries', '1'], b.url)).code, 0);
    assert.equal(
      (
        await cli(
          [
            'can-i-deploy',
            '--pacticipant',
            'web',
            '--version',
            '1.0.0',
            '--pacticipant',
            'orders',
            '--version',
            '2.0.0',
            '--retries',
            '1',
          ],
          b.url,
        )
      ).code,
      0,
    );
    const noEnv = await cli(
      [
        'record-deployment',
        '--pacticipant',
        'orders',
        '--version',
        '2.0.0',
        '--environment',
        'staging',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(noEnv.code, 1);
    const unknownVersion = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '9.9.9',
        '--to-environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(unknownVersion.code, 1);
    const unknownPacticipant = await cli(
      ['can-i-deploy', '--pacticipant', 'nobody', '--version', '1', '--to-environment', 'production', '--retries', '1'],
      b.url,
    );
    assert.equal(unknownPacticipant.code, 1);
    assert.equal(
      (
        await cli(
          [
            'record-deployment',
            '--pacticipant',
            'web',
            '--version',
            '1.0.0',
            '--environment',
            'production',
            '--retries',
            '1',
          ],
          b.url,
        )
      ).code,
      0,
    );
  });

  it('a failing provider: the failure is stored and can-i-deploy says no', async () => {
    providerState.broken = true;
    try {
      await assert.rejects(
        verify({
          pactBrokerUrl: b.url,
          providerVersion: '3.0.0',
          providerVersionBranch: 'main',
          consumerVersionSelectors: [{ mainBranch: true }],
          enablePending: true,
        }),
      );
    } finally {
      providerState.broken = false;
    }
    assert.equal((await pairRow('1.0.0', '3.0.0'))?.verificationResult?.success, false);
    const no = await cli(
      [
        'can-i-deploy',
        '--pacticipant',
        'orders',
        '--version',
        '3.0.0',
        '--to-environment',
        'production',
        '--retries',
        '1',
      ],
      b.url,
    );
    assert.equal(no.code, 1, 'web 1.0.0 is in production and orders 3.0.0 failed its pact');
    assert.match(no.stdout, /failed/);
  });

  it('pactUrls pointing at rollgate: verified and published without the index', async () => {
    await verify({
      pactUrls: [`${b.url}/pacts/provider/orders/consumer/web/version/1.0.0`],
      providerVersion: '4.0.0',
      providerVersionBranch: 'main',
    });
    assert.equal((await pairRow('1.0.0', '4.0.0'))?.verificationResult?.success, true);
  });
});
