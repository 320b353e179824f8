import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
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
import { publishBody } from './support.ts';

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
