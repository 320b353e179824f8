import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { SCOPES, type Scope } from '../../broker/src/auth/principal.ts';
import { requirementFor } from '../../broker/src/http/routes.ts';
import { AuthConfigError, authSettings, parseTokenList } from '../../broker/src/auth/settings.ts';
import { configFromEnv } from '../../broker/src/config.ts';
import { startBroker } from '../../broker/src/server.ts';
import { pino } from 'pino';
import { apiClient } from '../support/http-client.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { BASIC, TOKENS, authConfig, basic, bearer, publishBody } from './support.ts';

type Op = {
  name: string;
  needs: Scope[];
  run: (h: Record<string, string>) => Promise<{ status: number; text: string; body: any }>;
};

describe('Access control over HTTP', () => {
  let b: TestBroker;
  let sha: string;
  let envUuid: string;
  let n = 0;
  const admin = bearer(TOKENS.admin);

  before(async () => {
    b = await startTestBroker({ config: authConfig() });
    assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'), admin)).status, 200);
    const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0', admin);
    sha = pact.body._links['pb:pact-version'].name;
    const env = await b.api.post('/environments', { name: 'production', production: true }, admin);
    assert.equal(env.status, 201, env.text);
    envUuid = env.body.uuid;
  });
  after(() => b.destroy());

  const ops: Op[] = [
    { name: 'GET /pacticipants', needs: ['read'], run: (h) => b.api.get('/pacticipants', h) },
    { name: 'GET /pacticipants/web', needs: ['read'], run: (h) => b.api.get('/pacticipants/web', h) },
    {
      name: 'POST /contracts/publish',
      needs: ['publish-contracts'],
      run: (h) => b.api.post('/contracts/publish', publishBody('web', `2.${++n}`, 'orders'), h),
    },
    {
      name: 'PUT /pacts/... (old publish)',
      needs: ['publish-contracts'],
      run: (h) =>
        b.api.put(
          `/pacts/provider/orders/consumer/web/version/3.${++n}`,
          {
            consumer: { name: 'web' },
            provider: { name: 'orders' },
            interactions: [{ description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
            metadata: { pactSpecification: { version: '2.0.0' } },
          },
          h,
        ),
    },
    {
      name: 'POST verification-results',
      needs: ['publish-verifications'],
      run: (h) =>
        b.api.post(
          `/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`,
          { providerApplicationVersion: `9.${++n}`, success: true },
          h,
        ),
    },
    {
      name: 'PUT provider branch version',
      needs: ['publish-contracts', 'publish-verifications'],
      run: (h) => b.api.put(`/pacticipants/orders/branches/main/versions/8.${++n}`, {}, h),
    },
    {
      name: 'PUT provider version tag',
      needs: ['publish-contracts', 'publish-verifications'],
      run: (h) => b.api.put(`/pacticipants/orders/versions/8.${++n}/tags/prod`, {}, h),
    },
    {
      name: 'POST record-deployment',
      needs: ['deploy'],
      run: (h) =>
        b.api.post(
          `/pacticipants/web/versions/1.0.0/deployed-versions/environment/${envUuid}`,
          { applicationInstance: `i${++n}` },
          h,
        ),
    },
    {
      name: 'POST record-release',
      needs: ['deploy'],
      run: (h) => b.api.post(`/pacticipants/web/versions/1.0.0/released-versions/environment/${envUuid}`, {}, h),
    },
    {
      name: 'POST /environments',
      needs: ['admin'],
      run: (h) => b.api.post('/environments', { name: `env${++n}`, production: false }, h),
    },
    { name: 'GET /audit', needs: ['admin'], run: (h) => b.api.get('/audit', h) },
    {
      name: 'DELETE a tag',
      needs: ['admin'],
      run: (h) => b.api.delete('/pacticipants/orders/versions/8.1/tags/none', h),
    },
  ];

  for (const scope of SCOPES) {
    it(`a "${scope}" token may do exactly what its scope allows (403 otherwise)`, async () => {
      for (const op of ops) {
        const allowed = scope === 'admin' || op.needs.includes(scope) || op.needs.includes('read');
        const res = await op.run(bearer(TOKENS[scope]));
        if (allowed)
          assert.ok(
            res.status !== 401 && res.status !== 403 && res.status < 500,
            `${scope}: ${op.name} -> ${res.status} ${res.text}`,
          );
        else {
          assert.equal(res.status, 403, `${scope}: ${op.name} -> ${res.status} ${res.text}`);
          assert.match(res.body.errors.base[0], /needs the .*scope/);
        }
      }
    });
  }

  it('the read-write basic user may do everything; the read-only user only reads (403 on writes)', async () => {
    const rw = basic(BASIC.username, BASIC.password);
    const ro = basic(BASIC.readOnlyUsername, BASIC.readOnlyPassword);
    for (const op of ops) {
      const r1 = await op.run(rw);
      assert.ok(r1.status < 400 || r1.status === 404, `rw: ${op.name} -> ${r1.status} ${r1.text}`);
      const r2 = await op.run(ro);
      if (op.needs.includes('read')) assert.equal(r2.status, 200, `ro: ${op.name}`);
      else assert.equal(r2.status, 403, `ro: ${op.name} -> ${r2.status}`);
    }
  });

  it('a read-only principal may POST to pacts-for-verification (it is a read)', async () => {
    for (const h of [basic(BASIC.readOnlyUsername, BASIC.readOnlyPassword), bearer(TOKENS.read)]) {
      const res = await b.api.post(
        '/pacts/provider/orders/for-verification',
        { consumerVersionSelectors: [{ mainBranch: true }] },
        h,
      );
      assert.ok(![401, 403].includes(res.status) && res.status < 500, `${res.status} ${res.text}`);
    }
    assert.deepEqual(requirementFor('POST', '/pacts/provider/orders/for-verification').needs, ['read']);
  });

  it('401 with WWW-Authenticate and a JSON errors body for missing, unknown or malformed credentials', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['no credentials', {}, /Authentication required/],
      ['unknown token', bearer('not-a-token'), /bearer token is not recognised/],
      ['wrong password', basic(BASIC.username, 'nope'), /user name or password is not recognised/],
      ['user of one pair, password of the other', basic(BASIC.username, BASIC.readOnlyPassword), /not recognised/],
      ['unknown scheme', { authorization: 'Digest abc' }, /not supported/],
      ['basic without colon', { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }, /not base64 of/],
    ];
    for (const [what, h, msg] of cases) {
      const res = await b.api.post('/contracts/publish', publishBody('web', `4.${++n}`, 'orders'), h);
      assert.equal(res.status, 401, what);
      assert.match(res.headers.get('www-authenticate') ?? '', /Bearer realm="rollgate"/, what);
      assert.match(res.headers.get('www-authenticate') ?? '', /Basic realm="rollgate"/, what);
      assert.match(res.headers.get('content-type') ?? '', /application\/hal\+json/);
      assert.match(res.body.errors.base[0], msg, what);
    }
    const unknown = await b.api.get('/', bearer('not-a-token'));
    assert.match(unknown.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    // Problem details when asked for first.
    const problem = await b.api.get('/', { accept: 'application/problem+json' });
    assert.equal(problem.status, 401);
    assert.equal(problem.body.status, 401);
    assert.equal(problem.body.title, 'Unauthorized');
  });

  it('a valid principal lacking the scope gets 403, not 401, and nothing is written', async () => {
    const res = await b.api.post('/contracts/publish', publishBody('web', '5.0.0', 'orders'), bearer(TOKENS.deploy));
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('www-authenticate'), null);
    assert.equal((await b.api.get('/pacticipants/web/versions/5.0.0', admin)).status, 404);
  });

  it('the heartbeat stays public; other diagnostics do not', async () => {
    assert.equal((await b.api.get('/diagnostic/status/heartbeat')).status, 200);
    assert.equal((await b.api.get('/diagnostic/status/heartbeat', bearer('garbage'))).status, 200);
    assert.equal((await b.api.get('/')).status, 401);
  });

  it('path case, trailing slashes and encoded segments cannot dodge the table', async () => {
    const ro = bearer(TOKENS.read);
    for (const p of ['/CONTRACTS/PUBLISH', '/contracts/publish/', '/Contracts/Publish/']) {
      const res = await b.api.post(p, publishBody('web', `6.${++n}`, 'orders'), ro);
      assert.equal(res.status, 403, `${p} -> ${res.status}`);
    }
    assert.equal((await b.api.call('PATCH', `/pacts/provider/orders/consumer/web/version/1.0.0`, {}, ro)).status, 403);
    assert.equal((await b.api.call('PUT', `/pacticipants/a%2Fb/versions/1/tags/x`, {}, ro)).status, 403);
    // An unknown write route is admin-only (fail closed), an unknown read needs read.
    assert.deepEqual(requirementFor('POST', '/webhooks').needs, ['admin']);
    assert.deepEqual(requirementFor('DELETE', '/pacticipants/web').needs, ['admin']);
    assert.deepEqual(requirementFor('GET', '/something/new').needs, ['read']);
  });

  it('audits who published, verified, deployed, undeployed and asked an override; GET /audit is admin only and paginated', async () => {
    const pub = bearer(TOKENS['publish-contracts']);
    assert.equal((await b.api.post('/contracts/publish', publishBody('web', '7.0.0', 'orders'), pub)).status, 200);
    assert.equal(
      (
        await b.api.post(
          `/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`,
          { providerApplicationVersion: '7.1', success: false },
          bearer(TOKENS['publish-verifications']),
        )
      ).status,
      201,
    );
    const dep = await b.api.post(
      `/pacticipants/web/versions/7.0.0/deployed-versions/environment/${envUuid}`,
      { applicationInstance: 'audit' },
      bearer(TOKENS.deploy),
    );
    assert.equal(dep.status, 201);
    assert.equal(
      (
        await b.api.patch(
          `/deployed-versions/${dep.body.uuid}`,
          { currentlyDeployed: false },
          basic(BASIC.username, BASIC.password),
        )
      ).status,
      200,
    );
    await b.api.get(
      '/can-i-rollback?pacticipant=web&environment=production&ignore[][pacticipant]=orders',
      bearer(TOKENS.read),
    );
    await b.api.get(
      '/matrix?q[][pacticipant]=web&q[][version]=7.0.0&ignore[][pacticipant]=orders&ignore[][version]=7.1',
      bearer(TOKENS.read),
    );

    assert.equal((await b.api.get('/audit', bearer(TOKENS.read))).status, 403);
    assert.equal((await b.api.get('/audit', basic(BASIC.readOnlyUsername, BASIC.readOnlyPassword))).status, 403);
    const all = await b.api.get('/audit?pageSize=1000', admin);
    assert.equal(all.status, 200);
    const entries = all.body._embedded.entries as {
      action: string;
      principal: string;
      subject: string;
      detail: Record<string, unknown>;
      requestId?: string;
    }[];
    const find = (action: string, pred: (e: (typeof entries)[number]) => boolean) =>
      entries.find((e) => e.action === action && pred(e));
    assert.ok(find('pacts.published', (e) => e.principal === 'publish-contracts-bot' && e.detail.version === '7.0.0'));
    assert.ok(
      find(
        'verification.published',
        (e) =>
          e.principal === 'publish-verifications-bot' &&
          e.detail.providerVersion === '7.1' &&
          e.detail.success === false,
      ),
    );
    assert.ok(
      find(
        'deployment.recorded',
        (e) => e.principal === 'deploy-bot' && e.detail.version === '7.0.0' && e.detail.environment === 'production',
      ),
    );
    assert.ok(
      find(
        'undeployment.recorded',
        (e) => e.principal === BASIC.username && e.detail.deployedVersionUuid === dep.body.uuid,
      ),
    );
    const overrides = entries.filter((e) => e.action === 'override.requested' && e.principal === 'read-bot');
    assert.deepEqual(overrides.map((e) => e.detail.gate).sort(), ['can-i-rollback', 'matrix']);
    assert.ok(entries.every((e) => typeof e.requestId === 'string'));

    const page1 = await b.api.get('/audit?pageSize=2&action=pacts.published', admin);
    assert.equal(page1.body._embedded.entries.length, 2);
    assert.ok(page1.body._links.next.href.includes('pageNumber=2'));
    assert.ok(page1.body.page.totalElements >= 3);
    const page2 = await b.api.get(
      new URL(page1.body._links.next.href).pathname + new URL(page1.body._links.next.href).search,
      admin,
    );
    assert.notDeepEqual(page2.body._embedded.entries[0].id, page1.body._embedded.entries[0].id);
  });
});

describe('Public read', () => {
  it('lets anonymous reads through and still answers 401 to anonymous writes', async () => {
    const b = await startTestBroker({ config: authConfig({ publicRead: true }) });
    try {
      assert.equal((await b.api.get('/pacticipants')).status, 200);
      assert.equal((await b.api.post('/pacts/provider/orders/for-verification', {})).status === 401, false);
      const w = await b.api.post('/contracts/publish', publishBody('web', '1', 'orders'));
      assert.equal(w.status, 401);
      assert.equal((await b.api.get('/audit')).status, 401);
      // Wrong credentials are not silently downgraded to anonymous.
      assert.equal((await b.api.get('/pacticipants', bearer('wrong'))).status, 401);
    } finally {
      await b.destroy();
    }
  });
});

describe('Auth configuration and the loopback rule', () => {
  const logger = pino({ level: 'silent' });

  it('refuses to listen on a non-loopback address without credentials unless allowed explicitly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-auth-'));
    await assert.rejects(
      startBroker({ port: 0, host: '0.0.0.0', database: join(dir, 'a.db') }, { logger }),
      AuthConfigError,
    );
    const open = await startBroker(
      { port: 0, host: '0.0.0.0', database: join(dir, 'b.db'), allowUnauthenticated: true },
      { logger },
    );
    await open.close();
    const secured = await startBroker(
      { port: 0, host: '0.0.0.0', database: join(dir, 'c.db'), tokens: 'a:b-token:read' },
      { logger },
    );
    try {
      assert.equal((await apiClient(secured.url).get('/')).status, 401);
    } finally {
      await secured.close();
    }
  });

  it('says so at start when no authentication is configured', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-auth-'));
    const open = await startBroker({ port: 0, host: '127.0.0.1', database: join(dir, 'a.db') }, { logger: capture });
    await open.close();
    assert.ok(
      lines.some((l) => /no authentication configured: listening on loopback only/.test(l)),
      lines.join('\n'),
    );
  });

  it('parses ROLLGATE_TOKENS and an auth file (YAML, plain or hashed tokens), and rejects unknown scopes', () => {
    const tokens = parseTokenList('ci:abc:def:publish-contracts+publish-verifications, ops:xyz:deploy');
    assert.deepEqual(
      tokens.map((t) => [t.name, [...t.scopes]]),
      [
        ['ci', ['publish-contracts', 'publish-verifications']],
        ['ops', ['deploy']],
      ],
    );
    assert.throws(() => parseTokenList('ci:abc:publish'), /unknown scope "publish"/);
    assert.throws(() => parseTokenList('justonepart'), /expected name:token/);

    const dir = mkdtempSync(join(tmpdir(), 'rollgate-auth-'));
    const file = join(dir, 'auth.yaml');
    const digest = createHash('sha256').update('hashed-secret').digest('hex');
    writeFileSync(
      file,
      `tokens:\n  - name: plain\n    token: plain-secret\n    scopes: [read]\n  - name: hashed\n    sha256: ${digest}\n    scopes: [admin]\nbasicAuth:\n  readOnlyUsername: viewer\n  readOnlyPassword: v-pass\npublicRead: true\n`,
    );
    const s = authSettings(configFromEnv({}, { authFile: file, tokens: 'env:env-secret:deploy' }));
    assert.equal(s.enabled, true);
    assert.equal(s.publicRead, true);
    assert.equal(s.byToken('plain-secret')?.name, 'plain');
    assert.equal(s.byToken('hashed-secret')?.name, 'hashed');
    assert.equal(s.byToken(digest), undefined, 'the digest itself is not a token');
    assert.deepEqual([...s.byToken('env-secret')!.scopes], ['deploy']);
    assert.deepEqual([...s.byBasic('viewer', 'v-pass')!.scopes], ['read']);
    assert.equal(s.byBasic('viewer', 'v-pas'), undefined);
    writeFileSync(file, 'tokens:\n  - name: x\n    token: y\n    scopes: [root]\n');
    assert.throws(() => authSettings(configFromEnv({}, { authFile: file })), /unknown scope "root"/);
    assert.throws(() => authSettings(configFromEnv({ ROLLGATE_BASIC_AUTH_USERNAME: 'only-user' })), /set both/);
  });
});
