import assert from 'node:assert/strict';
import { SCOPES, allows } from '../../broker/src/auth/principal.ts';
import { ROUTES, requirementFor, routeTable } from '../../broker/src/http/routes.ts';
import { requirementOf } from '../../broker/src/http/routing/route.ts';
import { pacticipantsWritten } from '../../broker/src/http/routing/written.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { TOKENS, authConfig, bearer, publishBody } from './support.ts';

const SCOPE_NAMES = new Set<string>(['public', ...SCOPES]);
const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
/** A concrete path for a route: every parameter filled with a value no literal segment has (an asset that exists). */
const samplePath = (path: string) =>
  path.replace(/:(\w+)/g, (_, name) => (name === 'file' ? 'ui.css' : `x-${name}`)).replace(/\/$/, '') || '/';

describe('The route table', () => {
  it('gives every route a known scope and a handler, once per method and path', () => {
    const seen = new Set<string>();
    for (const r of ROUTES) {
      const key = `${r.method} ${r.path}`;
      assert.ok(!seen.has(key), `${key} is declared twice`);
      seen.add(key);
      const scopes = Array.isArray(r.scope) ? r.scope : [r.scope];
      assert.ok(scopes.length > 0, `${key} has no scope`);
      for (const s of scopes) assert.ok(SCOPE_NAMES.has(s), `${key}: unknown scope ${s}`);
      assert.equal(typeof r.handler, 'function', `${key} has no handler`);
    }
  });

  it('says for every write which pacticipants it writes (reads say nothing), naming real path parameters', () => {
    for (const r of ROUTES) {
      const key = `${r.method} ${r.path}`;
      const isRead = r.method === 'GET' || r.scope === 'read' || r.scope === 'public';
      if (isRead) assert.equal(r.writes, undefined, `${key} is a read but declares writes`);
      else assert.ok(Array.isArray(r.writes), `${key} is a write without 'writes'`);
      for (const s of r.writes ?? [])
        if ('param' in s) assert.ok(paramsOf(r.path).includes(s.param), `${key}: no path parameter :${s.param}`);
    }
  });

  it('finds each route from a concrete path: no route is hidden behind an earlier one', () => {
    for (const r of ROUTES) {
      const found = routeTable.resolve(r.method, samplePath(r.path));
      assert.equal(found.kind, 'route', `${r.method} ${r.path}`);
      assert.equal(found.kind === 'route' && found.route, r, `${r.method} ${r.path} answered by another route`);
      if (r.method === 'GET') {
        const head = routeTable.resolve('HEAD', samplePath(r.path));
        assert.equal(head.kind === 'route' && head.route, r, `HEAD ${r.path}`);
      }
    }
  });

  it('keeps the fail-closed default for what no route answers, and grants no scope to routes that do not exist', () => {
    for (const [method, path] of [
      ['POST', '/can-i-deploy'],
      ['POST', '/can-i-rollback'],
      ['POST', '/matrix'],
      ['DELETE', '/contracts/publish'],
      ['PUT', '/nothing/here'],
    ])
      assert.deepEqual(requirementFor(method, path).needs, ['admin'], `${method} ${path}`);
    assert.deepEqual(requirementFor('GET', '/nothing/here').needs, ['read']);
    assert.deepEqual(requirementFor('OPTIONS', '/contracts/publish').needs, ['read']);
    assert.equal(requirementFor('HEAD', '/diagnostic/status/heartbeat').needs, 'public');
  });
});

describe('The route table over HTTP', () => {
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker({ config: authConfig() });
  });
  after(() => b.destroy());

  it('reads the pacticipants a write names from path parameters, body fields and stored resources', async () => {
    const route = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)!;
    const written = (method: string, path: string, params: Record<string, string>, body: unknown = {}) =>
      pacticipantsWritten(b.deps.store, route(method, path), params, body);
    assert.deepEqual(
      await written(
        'POST',
        '/contracts/publish',
        {},
        {
          pacticipantName: 'web',
          contracts: [{ consumerName: 'web' }, { consumerName: 'other' }, { consumerName: 7 }],
        },
      ),
      ['web', 'other'],
    );
    assert.deepEqual(
      await written('PUT', '/pacts/provider/:provider/consumer/:consumer/version/:version', {
        provider: 'orders',
        consumer: 'web',
        version: '1',
      }),
      ['web'],
    );
    assert.deepEqual(await written('POST', '/webhooks', {}, { provider: { name: 'orders' } }), ['orders']);
    assert.deepEqual(await written('POST', '/environments', {}, { name: 'prod' }), []);
    // A deployed version names its pacticipant only in the store.
    const admin = bearer(TOKENS.admin);
    await b.api.post('/contracts/publish', publishBody('shop', '1.0.0', 'orders'), admin);
    const env = await b.api.post('/environments', { name: 'stage', production: false }, admin);
    const dep = await b.api.post(
      `/pacticipants/shop/versions/1.0.0/deployed-versions/environment/${env.body.uuid}`,
      {},
      admin,
    );
    assert.equal(dep.status, 201, dep.text);
    assert.deepEqual(await written('PATCH', '/deployed-versions/:uuid', { uuid: dep.body.uuid }), ['shop']);
    assert.deepEqual(await written('PATCH', '/deployed-versions/:uuid', { uuid: 'nope' }), []);
  });

  it('enforces each route its own scope: 403 without it, through to the handler with it', async function () {
    this.timeout(120_000);
    for (const r of ROUTES) {
      const needs = requirementOf(r);
      const path = samplePath(r.path);
      for (const scope of SCOPES) {
        const res = await b.api.call(r.method, path, r.method === 'GET' ? undefined : {}, bearer(TOKENS[scope]));
        const key = `${scope}: ${r.method} ${r.path} -> ${res.status} ${res.text.slice(0, 200)}`;
        if (needs === 'public' || allows(new Set([scope]), needs)) {
          assert.ok(![401, 403, 405].includes(res.status) && res.status < 500, key);
          assert.doesNotMatch(res.text, /No resource at/, key);
        } else {
          assert.equal(res.status, 403, key);
        }
      }
    }
  });

  it('answers HEAD from GET, OPTIONS with Allow, and 405 with Allow for a known path and another method', async () => {
    const admin = bearer(TOKENS.admin);
    assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'), admin)).status, 200);
    const head = await b.api.call('HEAD', '/pacticipants/web', undefined, admin);
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.match(head.headers.get('content-type') ?? '', /hal\+json/);

    const options = await b.api.call('OPTIONS', '/pacticipants/web', undefined, admin);
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS');

    const wrong = await b.api.call('DELETE', '/contracts/publish', undefined, admin);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST, OPTIONS');
    assert.match(wrong.body.errors.base[0], /DELETE is not allowed at \/contracts\/publish \(allowed: POST, OPTIONS\)/);
    const get = await b.api.get('/contracts/publish', admin);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');

    // Several routes share a path shape: Allow is their union.
    const pact = await b.api.call('POST', '/pacts/provider/orders/consumer/web/version/1.0.0', {}, admin);
    assert.equal(pact.status, 405);
    assert.equal(pact.headers.get('allow'), 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS');

    // A wrong method is still a write: without the admin scope it is refused before anything else.
    const ro = await b.api.call('DELETE', '/contracts/publish', undefined, bearer(TOKENS.read));
    assert.equal(ro.status, 403);
    // An unknown path is still 404 (after the fail-closed scope check).
    const unknown = await b.api.get('/nothing/here', admin);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.errors.base[0], /No resource at GET \/nothing\/here/);
    assert.equal((await b.api.post('/nothing/here', {}, bearer(TOKENS.deploy))).status, 403);
  });

  it('serves one /metrics: Prometheus text to scrapers, the Pact Broker JSON counts to JSON clients', async () => {
    const read = bearer(TOKENS.read);
    for (const accept of [
      'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1',
      'text/plain',
      '*/*',
      '',
    ]) {
      const res = await b.api.get('/metrics', { ...read, accept });
      assert.equal(res.status, 200, accept);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/, accept);
      assert.match(res.text, /rollgate_http_requests_total/, accept);
    }
    for (const accept of ['application/json', 'application/hal+json, application/json']) {
      const res = await b.api.get('/metrics', { ...read, accept });
      assert.equal(res.status, 200, accept);
      assert.equal(typeof res.body.pacticipants.count, 'number', accept);
    }
    assert.equal((await b.api.call('OPTIONS', '/metrics', undefined, read)).headers.get('allow'), 'GET, HEAD, OPTIONS');
  });
});
