import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { configFromEnv } from '../../broker/src/config.ts';
import { Hooks } from '../../broker/src/domain/hooks.ts';
import { createApp } from '../../broker/src/http/app.ts';
import { metricsFor } from '../../broker/src/http/metrics/registry.ts';
import { openStore } from '../../broker/src/storage/open-store.ts';
import { apiClient } from '../support/http-client.ts';
import { base64 } from '../support/pact-builder.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { authConfig, publishBody } from './support.ts';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('Limits, error bodies, request ids and /metrics', () => {
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker({ config: { maxInteractions: 50, bodyLimit: 2 * 1024 * 1024 } });
  });
  after(() => b.destroy());

  it('rejects JSON nested deeper than the limit with a 400 saying so (request body and embedded pact)', async () => {
    const res = await b.api.post('/environments', deep(100_000));
    assert.equal(res.status, 400);
    assert.match(res.body.errors.body[0], /nested more than 64 levels/);
    const ok = await b.api.post('/environments', `{"name":"e1","production":false,"contacts":[${deep(30)}]}`);
    assert.notEqual(ok.status, 500);
    // Brackets inside strings do not count.
    assert.equal(
      (await b.api.post('/environments', JSON.stringify({ name: `x${'['.repeat(500)}`, production: false }))).status <
        500,
      true,
    );
    const body = publishBody('web', '1', 'orders');
    body.contracts[0].content = base64(
      `{"consumer":{"name":"web"},"provider":{"name":"orders"},"interactions":${deep(5000)}}`,
    );
    const nested = await b.api.post('/contracts/publish', body);
    assert.equal(nested.status, 400);
    assert.match(JSON.stringify(nested.body.errors), /nested more than 64 levels/);
  });

  it('limits interactions per pact (configurable) where pacts are decoded', async () => {
    assert.equal(
      (await b.api.post('/contracts/publish', publishBody('web', '1', 'orders', { interactions: 50 }))).status,
      200,
    );
    const res = await b.api.post('/contracts/publish', publishBody('web', '2', 'orders', { interactions: 51 }));
    assert.equal(res.status, 400);
    assert.match(res.body.errors['contracts[0].content.interactions'][0], /51 entries, more than the limit of 50/);
  });

  it('answers 413 for a body over the limit; the default limit fits a large pact', async () => {
    const res = await b.api.post('/environments', JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }));
    assert.equal(res.status, 413);
    assert.ok(res.body.errors);
    assert.ok(configFromEnv({}).bodyLimit >= 20 * 1024 * 1024);
  });

  it('never fetches OpenAPI $refs to URLs or files', async () => {
    for (const ref of [
      'http://169.254.169.254/latest/meta-data/',
      'https://example.com/schema.json',
      'file:///etc/passwd',
      '../../../../etc/passwd',
      '/etc/passwd#/x',
    ]) {
      const doc = {
        openapi: '3.0.3',
        info: { title: 'o', version: '1' },
        paths: {
          '/orders': {
            get: {
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } },
            },
          },
        },
      };
      const res = await b.api.post('/provider-contracts/provider/orders/publish', {
        pacticipantVersionNumber: '1',
        contract: { content: base64(doc), contentType: 'application/json', specification: 'oas' },
      });
      assert.equal(res.status, 400, `${ref}: ${res.text}`);
      assert.match(JSON.stringify(res.body.errors), /ref/i);
    }
  });

  it('echoes a valid X-Request-Id, replaces an invalid one', async () => {
    const mine = await b.api.get('/', { 'x-request-id': 'ci-run-42.step:7' });
    assert.equal(mine.headers.get('x-request-id'), 'ci-run-42.step:7');
    const bad = await b.api.get('/', { 'x-request-id': 'x'.repeat(300) });
    assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const none = await b.api.get('/nowhere');
    assert.equal(none.status, 404);
    assert.match(none.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(none.body.errors.base[0]);
  });

  it('serves Prometheus text to scrapers (requests by route and status, latency, gate answers, queue depth)', async () => {
    const m = metricsFor(b.deps);
    m.gateAnswers.inc({ gate: 'can-i-deploy', answer: 'yes' });
    m.setComparisonQueueDepth(() => 7);
    await b.api.get('/pacticipants');
    for (const accept of [
      'text/plain',
      'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      '*/*',
    ]) {
      const res = await b.api.get('/metrics', { accept });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(res.text, /rollgate_http_requests_total\{method="GET",route="\/pacticipants",status="200"\} \d+/);
      assert.match(
        res.text,
        /rollgate_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/pacticipants"\}/,
      );
      assert.match(res.text, /rollgate_gate_answers_total\{gate="can-i-deploy",answer="yes"\} 1/);
      assert.match(res.text, /rollgate_comparison_queue_depth 7/);
    }
    // JSON first goes on to the routes (the Pact Broker's JSON /metrics), never Prometheus text.
    const json = await b.api.get('/metrics', { accept: 'application/json' });
    assert.doesNotMatch(json.text, /rollgate_http_requests_total/);
    // A registry per app: another broker has its own counts.
    const other = await startTestBroker();
    try {
      const text = (await other.api.get('/metrics', { accept: 'text/plain' })).text;
      assert.doesNotMatch(text, /gate="can-i-deploy"/);
    } finally {
      await other.destroy();
    }
  });
});

describe('Internal errors', () => {
  it('answer 500 with an errors body quoting the request id, never a stack trace, and log it', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-500-'));
    const config = configFromEnv({}, { database: join(dir, 'x.db') });
    const deps = { store: await openStore(config.database), config, log, hooks: new Hooks() };
    const app = createApp(deps, [
      (_app, router) => {
        router.get('/boom', () => {
          throw new Error('secret detail at /home/app/src/thing.ts:12');
        });
      },
    ]);
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    try {
      const api = apiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const res = await api.get('/boom', { 'x-request-id': 'req-500' });
      assert.equal(res.status, 500);
      assert.equal(res.body.reference, 'req-500');
      assert.match(res.body.errors.base[0], /Quote reference req-500/);
      assert.doesNotMatch(res.text, /secret|thing\.ts|at /);
      const problem = await api.get('/boom', { accept: 'application/problem+json' });
      assert.equal(problem.status, 500);
      assert.equal(problem.body.reference, problem.headers.get('x-request-id'));
      assert.doesNotMatch(problem.text, /secret/);
      const logged = lines.map((l) => JSON.parse(l));
      assert.ok(
        logged.some((l) => l.reference === 'req-500' && /secret detail/.test(l.err?.message ?? '')),
        'the error is logged with its reference',
      );
      const requestLine = logged.find((l) => l.msg === 'request' && l.reqId === 'req-500');
      assert.deepEqual(
        [requestLine.method, requestLine.route, requestLine.status, typeof requestLine.ms],
        ['GET', '/boom', 500, 'number'],
      );
    } finally {
      await new Promise((r) => server.close(r));
      await deps.store.close();
    }
  });
});

describe('Serving: --host [::1], timeouts behind a load balancer, public badges', () => {
  it("starts with --host '[::1]' (a bracketed IPv6 address, as URLs write it)", async () => {
    const b = await startTestBroker({ config: { host: '[::1]' } });
    try {
      assert.match(b.url, /^http:\/\/\[::1\]:\d+$/);
      assert.equal((await apiClient(b.url).get('/diagnostic/status/heartbeat')).status, 200);
    } finally {
      await b.destroy();
    }
  });

  it('keeps idle keep-alive connections open longer than a load balancer does (65 s, headers 66 s), as configured', async function () {
    this.timeout(20_000);
    const b = await startTestBroker();
    try {
      assert.equal(b.server.keepAliveTimeout, 65_000);
      assert.equal(b.server.headersTimeout, 66_000);
      // Node's default would close an idle connection after 5 s, under a balancer that still thinks it open (a 502).
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<unknown>();
      const get = () =>
        new Promise<number>((resolve, reject) => {
          const req = http.get(
            { host: '127.0.0.1', port: b.port, path: '/diagnostic/status/heartbeat', agent },
            (res) => {
              sockets.add(req.socket);
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
        });
      assert.equal(await get(), 200);
      await new Promise((r) => setTimeout(r, 5_500));
      assert.equal(await get(), 200);
      assert.equal(sockets.size, 1, 'the second request reused the idle connection');
      agent.destroy();
    } finally {
      await b.destroy();
    }
    const short = await startTestBroker({ config: { keepAliveTimeoutMs: 1_000, headersTimeoutMs: 2_000 } });
    try {
      assert.equal(short.server.keepAliveTimeout, 1_000);
      assert.equal(short.server.headersTimeout, 2_000);
    } finally {
      await short.destroy();
    }
  });

  it('ROLLGATE_PUBLIC_BADGES lets anyone read badges (and nothing else) with access control on', async () => {
    const paths = [
      '/pacts/provider/orders/consumer/web/latest/badge',
      '/pacts/provider/orders/consumer/web/latest/main/badge',
      '/matrix/provider/orders/latest/main/consumer/web/latest/main/badge',
      '/pacticipants/web/latest-version/main/can-i-deploy/to/prod/badge',
      '/pacticipants/web/branches/main/latest-version/can-i-deploy/to-environment/production/badge',
    ];
    const closed = await startTestBroker({ config: authConfig() });
    try {
      for (const p of paths) assert.equal((await closed.api.get(p)).status, 401, p);
    } finally {
      await closed.destroy();
    }
    const open = await startTestBroker({ config: authConfig({ publicBadges: true }) });
    try {
      for (const p of paths) {
        const res = await open.api.get(p, { accept: 'image/svg+xml' });
        assert.equal(res.status, 200, `${p}: ${res.text}`);
        assert.match(res.headers.get('content-type') ?? '', /svg/);
      }
      assert.equal((await open.api.get('/pacticipants')).status, 401);
      assert.equal((await open.api.get('/pacts/provider/orders/consumer/web/latest')).status, 401);
    } finally {
      await open.destroy();
    }
  });
});

describe('OpenAPI limits: size and paths, refused early with a 413', () => {
  const openapi = (paths: number) => {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n";
    for (let i = 0; i < paths; i++) yaml += `  /r${i}:\n    get:\n      responses:\n        '200': {description: ok}\n`;
    return yaml;
  };
  const publish = (b: TestBroker, text: string, contentType = 'application/yaml', version = '1') =>
    b.api.post('/provider-contracts/provider/orders/publish', {
      pacticipantVersionNumber: version,
      contract: { content: Buffer.from(text).toString('base64'), contentType, specification: 'oas' },
    });

  it('refuses a 10,000-path OpenAPI document within a fraction of a second, storing nothing, and serves others meanwhile', async () => {
    const b = await startTestBroker();
    try {
      assert.ok(configFromEnv({}).maxOpenApiPaths <= 2_000);
      const big = openapi(10_000);
      const started = Date.now();
      const [res, beat] = await Promise.all([
        publish(b, big),
        (async () => {
          await new Promise((r) => setTimeout(r, 5));
          const t0 = Date.now();
          await b.api.get('/diagnostic/status/heartbeat');
          return Date.now() - t0;
        })(),
      ]);
      const ms = Date.now() - started;
      assert.equal(res.status, 413, res.text);
      assert.match(JSON.stringify(res.body.errors), /10000 paths.*limit of 1000.*ROLLGATE_MAX_OPENAPI_PATHS/);
      assert.ok(ms < 3_000, `${ms} ms`);
      assert.ok(beat < 1_000, `heartbeat waited ${beat} ms`);
      assert.equal((await b.api.get('/provider-contracts/provider/orders/version/1')).status, 404);
      // The same as JSON, and with paths given in flow style, is counted after parsing.
      const json = await publish(
        b,
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 't', version: '1' },
          paths: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`/p${i}`, {}])),
        }),
        'application/json',
      );
      assert.equal(json.status, 413, json.text);
      assert.equal((await publish(b, openapi(1_000), 'application/yaml', '2')).status, 200);
    } finally {
      await b.destroy();
    }
  });

  it('refuses a document over ROLLGATE_MAX_OPENAPI_BYTES with a 413 naming the setting', async () => {
    const b = await startTestBroker({ config: { maxOpenApiBytes: 10_000, maxOpenApiPaths: 5 } });
    try {
      const res = await publish(b, `${openapi(2)}x-pad: '${'p'.repeat(20_000)}'\n`);
      assert.equal(res.status, 413, res.text);
      assert.match(JSON.stringify(res.body.errors), /ROLLGATE_MAX_OPENAPI_BYTES/);
      const paths = await publish(b, openapi(6));
      assert.equal(paths.status, 413, paths.text);
      assert.match(JSON.stringify(paths.body.errors), /6 paths.*limit of 5/);
      const put = await b.api.put('/contracts/provider/orders/version/9', {
        content: Buffer.from(openapi(6)).toString('base64'),
        contentType: 'application/yaml',
        contractType: 'oas',
      });
      assert.equal(put.status, 413, put.text);
    } finally {
      await b.destroy();
    }
  });
});

describe('A comparison nothing will compute', () => {
  it('says it is not being computed (and why) instead of "being computed" for ever', async () => {
    const b = await startTestBroker({ config: { precompute: false } });
    try {
      const doc = JSON.stringify({ openapi: '3.0.3', info: { title: 'o', version: '1' }, paths: {} });
      await b.td
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .providerContract({ provider: 'orders', version: '2', document: doc, success: true });
      const sha = (await b.api.get('/pacts/provider/orders/consumer/web/version/1')).body._links['pb:pact-version']
        .name;
      const res = await b.api.get(
        `/pacts/provider/orders/consumer/web/pact-version/${sha}/comparison/provider-version/2`,
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'not-queued');
      assert.equal(res.body.result, 'unknown');
      assert.doesNotMatch(res.body.reason, /being computed/);
      assert.match(res.body.reason, /ROLLGATE_PRECOMPUTE/);
      // The gates say the same for such a pair: unknown, not computed, never "being computed".
      await b.td
        .environment('production')
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' });
      const gate = await b.api.get('/can-i-rollback?environment=production&q[][pacticipant]=orders&q[][version]=2');
      assert.ok(gate.status < 500, gate.text);
      const cid = await b.api.get('/can-i-deploy?pacticipant=web&version=1&environment=production');
      for (const text of [gate.text, cid.text]) assert.doesNotMatch(text, /being computed/);
    } finally {
      await b.destroy();
    }
  });
});
