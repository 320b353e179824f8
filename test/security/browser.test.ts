import assert from 'node:assert/strict';
import http from 'node:http';
import { refused, snapshot } from '../broker/features/support.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { TOKENS, authConfig, basic, BASIC, bearer, publishBody } from './support.ts';

/** A raw request: fetch() would refuse to send a forged Host or Sec-Fetch-Site header. */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const DEPLOY = '/pacticipants/web/versions/1.0.0/deployed-versions/environment';

describe('Cross-site requests from a browser (open broker on loopback)', () => {
  let b: TestBroker;
  let envUuid: string;
  before(async () => {
    b = await startTestBroker();
    assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'))).status, 200);
    envUuid = (await b.api.post('/environments', { name: 'production', production: true })).body.uuid;
  });
  after(() => b.destroy());

  const host = () => `127.0.0.1:${b.port}`;

  it('refuses what a plain HTML form can send: an urlencoded, text/plain or multipart body, or an empty one', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'applicationInstance=x'],
      ['text/plain', '{"applicationInstance":"x"}'],
      ['multipart/form-data; boundary=x', '--x--\r\n'],
      ['application/x-www-form-urlencoded', ''],
      ['text/plain', ''],
    ]) {
      const res = await refused(b, 415, () =>
        raw(
          b.port,
          'POST',
          `${DEPLOY}/${envUuid}`,
          {
            host: host(),
            'content-type': type,
            'content-length': String(Buffer.byteLength(body)),
          },
          body,
        ).then((r) => ({ ...r, headers: new Headers(r.headers as Record<string, string>) })),
      );
      assert.match(JSON.stringify(res.body.errors), /Content-Type/, type);
    }
  });

  it('refuses a write sent cross-site (Origin of another site, or Sec-Fetch-Site) even with a JSON body', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:3000' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const extra of cases) {
      const res = await refused(b, 403, () =>
        raw(
          b.port,
          'POST',
          `${DEPLOY}/${envUuid}`,
          {
            host: host(),
            'content-type': 'application/json',
            ...extra,
          },
          '{}',
        ).then((r) => ({ ...r, headers: new Headers(r.headers as Record<string, string>) })),
      );
      assert.match(JSON.stringify(res.body.errors), /cross-site|another site|origin/i, JSON.stringify(extra));
    }
    // A body-less write with an Origin and no Content-Type is a browser's too.
    await refused(b, 403, () =>
      raw(b.port, 'DELETE', '/pacticipants/web/versions/1.0.0', { host: host(), origin: 'https://evil.example' }).then(
        (r) => ({ ...r, headers: new Headers(r.headers as Record<string, string>) }),
      ),
    );
  });

  it('accepts what the clients send: JSON bodies, merge-patch, empty JSON POSTs and body-less DELETEs without an Origin', async () => {
    const json = await raw(
      b.port,
      'POST',
      `${DEPLOY}/${envUuid}`,
      { host: host(), 'content-type': 'application/json; charset=utf-8' },
      '{"applicationInstance":"a"}',
    );
    assert.equal(json.status, 201, json.text);
    const ok = (r: { status: number; text: string }) => assert.ok(r.status >= 200 && r.status < 300, r.text);
    const empty = await raw(b.port, 'POST', `${DEPLOY}/${envUuid}`, {
      host: host(),
      'content-type': 'application/json',
      'content-length': '0',
    });
    ok(empty);
    const noType = await raw(b.port, 'POST', `${DEPLOY}/${envUuid}`, { host: host(), 'content-length': '0' });
    ok(noType);
    const patch = await raw(
      b.port,
      'PATCH',
      '/pacticipants/web',
      { host: host(), 'content-type': 'application/merge-patch+json' },
      '{"displayName":"Web"}',
    );
    assert.equal(patch.status, 200, patch.text);
    const sameOrigin = await raw(
      b.port,
      'PUT',
      '/pacticipants/web/versions/1.0.0/tags/same-origin',
      { host: host(), origin: `http://${host()}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      '{}',
    );
    ok(sameOrigin);
    await b.api.put('/pacticipants/web/versions/2.0.0', {});
    const del = await raw(b.port, 'DELETE', '/pacticipants/web/versions/2.0.0', { host: host() });
    assert.equal(del.status, 204, del.text);
  });

  it('lets a cross-site page read nothing new: reads are not refused, but carry no CORS grant', async () => {
    const res = await raw(b.port, 'GET', '/pacticipants', { host: host(), origin: 'https://evil.example' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });
});

describe('Host header (DNS rebinding)', () => {
  it('open broker: answers loopback names and IP literals, refuses other names with 421; the heartbeat answers all', async () => {
    const b = await startTestBroker();
    try {
      for (const h of [
        'localhost',
        `localhost:${b.port}`,
        `127.0.0.1:${b.port}`,
        '[::1]:9292',
        'app.localhost',
        '10.1.2.3',
      ]) {
        const res = await raw(b.port, 'GET', '/pacticipants', { host: h });
        assert.equal(res.status, 200, `${h}: ${res.text}`);
      }
      const before = await snapshot(b);
      for (const h of ['evil.example', `rebind.attacker.test:${b.port}`, 'localhost.evil.example']) {
        const res = await raw(b.port, 'GET', '/pacticipants', { host: h });
        assert.equal(res.status, 421, `${h}: ${res.text}`);
        assert.match(JSON.stringify(res.body.errors), /ROLLGATE_ALLOWED_HOSTS/);
        const write = await raw(
          b.port,
          'PUT',
          '/pacticipants/rebound',
          { host: h, 'content-type': 'application/json' },
          '{}',
        );
        assert.equal(write.status, 421);
      }
      assert.deepEqual(await snapshot(b), before);
      assert.equal((await raw(b.port, 'GET', '/diagnostic/status/heartbeat', { host: 'evil.example' })).status, 200);
    } finally {
      await b.destroy();
    }
  });

  it('ROLLGATE_ALLOWED_HOSTS adds names (exact and *.patterns) and the base URL host; links come from the base URL', async () => {
    const b = await startTestBroker({
      config: { allowedHosts: ['broker.internal', '*.ci.example'], baseUrl: 'https://rollgate.example.com/' },
    });
    try {
      for (const h of ['broker.internal', 'a.ci.example', 'rollgate.example.com', 'localhost']) {
        const res = await raw(b.port, 'GET', '/', { host: h });
        assert.equal(res.status, 200, `${h}: ${res.text}`);
        assert.match(res.body._links['pb:pacticipants'].href, /^https:\/\/rollgate\.example\.com\/pacticipants/);
      }
      assert.equal((await raw(b.port, 'GET', '/', { host: 'ci.example.evil' })).status, 421);
    } finally {
      await b.destroy();
    }
  });

  it('with credentials configured the Host is not checked unless ROLLGATE_ALLOWED_HOSTS is given', async () => {
    const b = await startTestBroker({ config: authConfig() });
    try {
      const res = await raw(b.port, 'GET', '/pacticipants', { host: 'anything.example', ...bearer(TOKENS.read) });
      assert.equal(res.status, 200);
    } finally {
      await b.destroy();
    }
    const c = await startTestBroker({ config: authConfig({ allowedHosts: ['broker.internal'] }) });
    try {
      const res = await raw(c.port, 'GET', '/pacticipants', {
        host: 'anything.example',
        ...basic(BASIC.username, BASIC.password),
      });
      assert.equal(res.status, 421);
    } finally {
      await c.destroy();
    }
  });
});
