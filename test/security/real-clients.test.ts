import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Verifier } from '@pact-foundation/pact';
import { aPact } from '../support/pact-builder.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { BASIC, TOKENS, authConfig, basic, bearer } from './support.ts';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'node_modules/.bin/pact-broker');
// No inherited broker settings: note an empty PACT_BROKER_TOKEN would make the CLI send "Authorization: Bearer" and drop -u/-p.
const env = Object.fromEntries(
  Object.entries({ ...process.env, PACT_DO_NOT_TRACK: 'true' }).filter(([k]) => !/^PACT_BROKER_/.test(k)),
);

async function publish(
  b: TestBroker,
  dir: string,
  version: string,
  auth: string[],
): Promise<{ code: number; out: string }> {
  try {
    const r = await run(
      CLI,
      [
        'publish',
        dir,
        '--consumer-app-version',
        version,
        '--branch',
        'main',
        '--broker-base-url',
        b.url,
        '--retries',
        '1',
        ...auth,
      ],
      { env, timeout: 60_000 },
    );
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** A tiny provider answering what the default pact-builder interactions ask (`GET /orders/n`). */
async function ordersProvider(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const m = /^\/orders\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ id: Number(m[1]), status: 'NEW' }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('Real clients authenticating (pact-broker CLI, pact-js Verifier)', function () {
  this.timeout(120_000);
  let b: TestBroker;
  let dir: string;
  const admin = bearer(TOKENS.admin);

  before(async () => {
    b = await startTestBroker({ config: authConfig() });
    dir = mkdtempSync(join(tmpdir(), 'rollgate-pacts-'));
    writeFileSync(
      join(dir, 'web-orders.json'),
      JSON.stringify(aPact('web', 'orders').withInteraction().withInteraction().build()),
    );
  });
  after(async () => {
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function auditOf(action: string) {
    const res = await b.api.get(`/audit?action=${action}&pageSize=1000`, admin);
    assert.equal(res.status, 200);
    return res.body._embedded.entries as {
      principal: string;
      principalKind: string;
      detail: Record<string, unknown>;
    }[];
  }

  it('pact-broker publish with -k <token> (publish-contracts scope)', async () => {
    const r = await publish(b, dir, '1.0.0', ['-k', TOKENS['publish-contracts']]);
    assert.equal(r.code, 0, r.out);
    assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0', admin)).status, 200);
    assert.ok(
      (await auditOf('pacts.published')).some(
        (e) => e.principal === 'publish-contracts-bot' && e.detail.version === '1.0.0',
      ),
    );
  });

  it('pact-broker publish with -u/-p (the read-write user)', async () => {
    const r = await publish(b, dir, '1.0.1', ['-u', BASIC.username, '-p', BASIC.password]);
    assert.equal(r.code, 0, r.out);
    assert.ok(
      (await auditOf('pacts.published')).some(
        (e) => e.principal === BASIC.username && e.principalKind === 'basic' && e.detail.version === '1.0.1',
      ),
    );
  });

  it('pact-broker publish is refused for the read-only user (403), a read token (403), a wrong token (401)', async () => {
    const ro = await publish(b, dir, '1.0.2', ['-u', BASIC.readOnlyUsername, '-p', BASIC.readOnlyPassword]);
    assert.notEqual(ro.code, 0, ro.out);
    assert.match(ro.out, /403|Forbidden|may not POST/i, ro.out);
    const read = await publish(b, dir, '1.0.2', ['-k', TOKENS.read]);
    assert.notEqual(read.code, 0);
    assert.match(read.out, /403|Forbidden|may not POST/i, read.out);
    const wrong = await publish(b, dir, '1.0.2', ['-k', 'wrong-token']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.out, /401|Unauthori[sz]ed|not recognised/i, wrong.out);
    assert.equal((await b.api.get('/pacticipants/web/versions/1.0.2', admin)).status, 404);
  });

  for (const [label, auth, principal] of [
    [
      'pactBrokerToken (publish-verifications scope)',
      { pactBrokerToken: TOKENS['publish-verifications'] },
      'publish-verifications-bot',
    ],
    [
      'basic auth (read-write user)',
      { pactBrokerUsername: BASIC.username, pactBrokerPassword: BASIC.password },
      BASIC.username,
    ],
  ] as const) {
    it(`the Verifier authenticates with ${label}; branch, tag and results are stored`, async () => {
      const provider = await ordersProvider();
      const providerVersion = `2.0.${label.length}`;
      try {
        await new Verifier({
          provider: 'orders',
          providerBaseUrl: provider.url,
          pactUrls: [`${b.url}/pacts/provider/orders/consumer/web/version/1.0.0`],
          publishVerificationResult: true,
          providerVersion,
          providerVersionBranch: 'main',
          providerVersionTags: ['prod'],
          logLevel: 'error',
          ...auth,
        }).verifyProvider();
      } finally {
        await provider.close();
      }
      const v = await b.api.get(`/pacticipants/orders/versions/${providerVersion}`, admin);
      assert.equal(v.status, 200, v.text);
      assert.deepEqual(
        v.body._embedded.tags.map((t: { name: string }) => t.name),
        ['prod'],
        'tag stored',
      );
      assert.deepEqual(
        v.body._embedded.branchVersions.map((bv: { name: string }) => bv.name),
        ['main'],
        'branch stored',
      );
      const verified = (await auditOf('verification.published')).filter(
        (e) => e.detail.providerVersion === providerVersion,
      );
      assert.equal(verified.length, 1, JSON.stringify(verified));
      assert.equal(verified[0].principal, principal);
      assert.equal(verified[0].detail.success, true);
    });
  }

  it('the Verifier with a read-only user cannot publish results', async () => {
    const provider = await ordersProvider();
    try {
      await new Verifier({
        provider: 'orders',
        providerBaseUrl: provider.url,
        pactUrls: [`${b.url}/pacts/provider/orders/consumer/web/version/1.0.0`],
        publishVerificationResult: true,
        providerVersion: '3.0.0',
        providerVersionBranch: 'main',
        logLevel: 'error',
        pactBrokerUsername: BASIC.readOnlyUsername,
        pactBrokerPassword: BASIC.readOnlyPassword,
      })
        .verifyProvider()
        .catch(() => undefined);
    } finally {
      await provider.close();
    }
    assert.equal(
      (await b.api.get('/pacticipants/orders/versions/3.0.0', basic(BASIC.readOnlyUsername, BASIC.readOnlyPassword)))
        .status,
      404,
    );
    assert.equal(
      (await auditOf('verification.published')).filter((e) => e.detail.providerVersion === '3.0.0').length,
      0,
    );
  });
});
