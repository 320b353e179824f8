import assert from 'node:assert/strict';
import http from 'node:http';
import { refused, snapshot } from '../broker/features/support.ts';
import type { ApiResponse } from '../support/http-client.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { publishBody } from './support.ts';

/** Sends raw bytes as the body (fetch would re-encode a string as UTF-8). */
function sendBytes(b: TestBroker, method: string, path: string, body: Buffer): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: b.port,
        method,
        path,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: new Headers(res.headers as Record<string, string>),
            text,
            body: JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (const adapter of adapters()) {
  describe(`Hostile input [${adapter}]: NUL bytes, huge page numbers, invalid UTF-8`, () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'))).status, 200);
    });
    after(() => b.destroy());

    it('refuses a NUL byte in a name in the path with a 400 naming the parameter, storing nothing', async () => {
      for (const [method, path, field] of [
        ['PUT', '/pacticipants/a%00b', 'pacticipant'],
        ['PUT', '/pacticipants/web/versions/1%00', 'version'],
        ['PUT', '/pacticipants/web/versions/1.0.0/tags/t%00', 'tag'],
        ['PUT', '/pacticipants/web/branches/m%00in/versions/1.0.0', 'branch'],
        ['PUT', '/pacts/provider/orders/consumer/web%00x/version/1', 'consumer'],
        ['GET', '/pacticipants/a%00b', 'pacticipant'],
      ] as const) {
        const res = await refused(b, 400, () => b.api.call(method, path, method === 'GET' ? undefined : {}));
        assert.ok(res.body.errors[field], `${path}: ${res.text}`);
        assert.match(res.body.errors[field][0], /NUL/);
      }
    });

    it('refuses a NUL byte in a body string or a query parameter with a 400 naming where, storing nothing', async () => {
      const body = publishBody('web', '2.0.0', 'orders');
      const cases: [string, string, unknown, string][] = [
        ['POST', '/pacticipants', { name: 'a\u0000b' }, 'name'],
        ['POST', '/environments', { name: 'prod\u0000', production: true }, 'name'],
        ['POST', '/contracts/publish', { ...body, branch: 'ma\u0000in' }, 'branch'],
        ['POST', '/contracts/publish', { ...body, tags: ['t\u0000'] }, 'tags[0]'],
        ['PATCH', '/pacticipants/web', { displayName: 'W\u0000eb' }, 'displayName'],
      ];
      for (const [method, path, json, field] of cases) {
        const res = await refused(b, 400, () => b.api.call(method, path, json, { 'content-type': 'application/json' }));
        const where = Object.keys(res.body.errors).join(' ');
        assert.ok(where.includes(field), `${path}: ${res.text}`);
        assert.match(JSON.stringify(res.body.errors), /NUL/);
      }
      const q = await b.api.get('/can-i-deploy?pacticipant=web%00&version=1&to=prod');
      assert.equal(q.status, 400, q.text);
      assert.match(JSON.stringify(q.body.errors), /pacticipant.*NUL|NUL.*pacticipant/s);
      const m = await b.api.get('/matrix?q[][pacticipant]=w%00eb&q[][version]=1');
      assert.equal(m.status, 400, m.text);
    });

    it('refuses pageNumber and pageSize beyond a whole number of 9 digits (1e300, 1e20) with a 400', async () => {
      for (const q of [
        'pageNumber=1e300',
        'pageNumber=1e20',
        'pageSize=1e300',
        'pageNumber=99999999999',
        'pageNumber=1.5',
      ]) {
        for (const path of ['/pacticipants', '/pacticipants/web/versions', '/audit']) {
          const res = await b.api.get(`${path}?${q}`);
          assert.equal(res.status, 400, `${path}?${q}: ${res.text}`);
          assert.ok(res.body.errors.pageNumber || res.body.errors.pageSize, res.text);
        }
      }
      assert.equal((await b.api.get('/pacticipants?pageNumber=999999999&pageSize=1')).status, 200);
    });

    it('refuses invalid UTF-8 in a JSON body with a 400 (never replaced silently), storing nothing', async () => {
      const before = await snapshot(b);
      for (const bytes of [
        Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
        Buffer.concat([Buffer.from('{"name":"x'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
        Buffer.concat([Buffer.from('{"name":"x'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
        Buffer.concat([Buffer.from('{"name":"x'), Buffer.from([0xff]), Buffer.from('"}')]),
      ]) {
        const res = await sendBytes(b, 'POST', '/pacticipants', bytes);
        assert.equal(res.status, 400, res.text);
        assert.match(res.body.errors.body[0], /UTF-8/);
      }
      assert.deepEqual(await snapshot(b), before);
      // Valid UTF-8 is accepted as it is.
      const ok = await sendBytes(b, 'POST', '/pacticipants', Buffer.from('{"name":"café ✓"}'));
      assert.equal(ok.status, 201, ok.text);
    });
  });
}
