import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { aPact, base64 } from '../support/pact-builder.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { TOKENS, authConfig, bearer, publishBody } from './support.ts';

/**
 * A bounded, seeded fuzz test: 5,000 malformed or hostile requests across the routes. None may get a
 * 5xx (or kill the connection), and the broker must answer normally afterwards.
 * Reproduce a failure with ROLLGATE_FUZZ_SEED=<seed printed on failure>.
 */
const SEED = Number(process.env.ROLLGATE_FUZZ_SEED ?? 20261126);
const COUNT = 5_000;
const CONCURRENCY = 12;

interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const NAMES = [
  'web',
  'orders',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e',
  '..\\..\\windows',
  'a%00b',
  '%00',
  '%',
  '%E2%80%AE',
  '%F0%9F%92%A5',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%uFFFF',
  'x'.repeat(4000),
  encodeURIComponent('Ünïcödé ✓ 名前 مرحبا'),
  encodeURIComponent('\u200b\u200d\ufeff'),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('"; DROP TABLE versions; --'),
  '.',
  '..',
  '...',
  '%2F',
  'CON',
  '~root',
  encodeURIComponent('${jndi:ldap://x}'),
  encodeURIComponent('{{7*7}}'),
  '1e309',
  '-1',
  '0x10',
  'NaN',
  'constructor',
  '__proto__',
  'prototype',
];

const ROUTES: [string, string][] = [
  ['POST', '/contracts/publish'],
  ['PUT', '/pacts/provider/{n}/consumer/{n}/version/{n}'],
  ['PATCH', '/pacts/provider/{n}/consumer/{n}/version/{n}'],
  ['GET', '/pacts/provider/{n}/consumer/{n}/version/{n}'],
  ['GET', '/pacts/provider/{n}/consumer/{n}/latest'],
  ['GET', '/pacts/provider/{n}/consumer/{n}/latest/{n}'],
  ['GET', '/pacts/provider/{n}/consumer/{n}/pact-version/{n}'],
  ['POST', '/pacts/provider/{n}/consumer/{n}/pact-version/{n}/verification-results'],
  ['GET', '/pacts/provider/{n}/consumer/{n}/pact-version/{n}/verification-results/{n}'],
  ['POST', '/pacts/provider/{n}/for-verification'],
  ['GET', '/pacticipants'],
  ['POST', '/pacticipants'],
  ['GET', '/pacticipants/{n}'],
  ['PUT', '/pacticipants/{n}'],
  ['PATCH', '/pacticipants/{n}'],
  ['DELETE', '/pacticipants/{n}'],
  ['GET', '/pacticipants/{n}/versions'],
  ['GET', '/pacticipants/{n}/versions/{n}'],
  ['PUT', '/pacticipants/{n}/versions/{n}'],
  ['PATCH', '/pacticipants/{n}/versions/{n}'],
  ['DELETE', '/pacticipants/{n}/versions/{n}'],
  ['PUT', '/pacticipants/{n}/versions/{n}/tags/{n}'],
  ['DELETE', '/pacticipants/{n}/versions/{n}/tags/{n}'],
  ['PUT', '/pacticipants/{n}/branches/{n}/versions/{n}'],
  ['GET', '/pacticipants/{n}/branches/{n}'],
  ['DELETE', '/pacticipants/{n}/branches/{n}'],
  ['GET', '/pacticipants/{n}/latest-version/{n}'],
  ['GET', '/environments'],
  ['POST', '/environments'],
  ['GET', '/environments/{n}'],
  ['PUT', '/environments/{n}'],
  ['DELETE', '/environments/{n}'],
  ['GET', '/environments/{n}/deployed-versions/currently-deployed'],
  ['POST', '/pacticipants/{n}/versions/{n}/deployed-versions/environment/{n}'],
  ['POST', '/pacticipants/{n}/versions/{n}/released-versions/environment/{n}'],
  ['PATCH', '/deployed-versions/{n}'],
  ['PATCH', '/released-versions/{n}'],
  ['GET', '/deployed-versions/{n}'],
  ['POST', '/provider-contracts/provider/{n}/publish'],
  ['GET', '/provider-contracts/provider/{n}/version/{n}'],
  ['PUT', '/contracts/provider/{n}/version/{n}'],
  ['GET', '/matrix'],
  ['GET', '/can-i-deploy'],
  ['GET', '/can-i-rollback'],
  ['GET', '/audit'],
  ['GET', '/metrics'],
  ['GET', '/'],
  ['GET', '/pacts/latest'],
  ['OPTIONS', '/'],
  ['HEAD', '/pacticipants'],
  ['TRACE', '/'],
  ['PROPFIND', '/pacticipants'],
];

const QUERIES = [
  '',
  '?',
  '?%',
  '?q[][pacticipant]=web&q[][version]=1',
  '?q[][[[[[[[[[x]=1',
  '?q=1&q[]=2&q[a]=3',
  '?pacticipant=web&environment=production&ignore[][pacticipant]=orders',
  `?${'a[]='.repeat(2000)}`,
  '?latestby=cvp&q[][pacticipant]=%ED%A0%80',
  '?pageNumber=-1&pageSize=99999999',
  '?pageNumber=1e400',
  '?__proto__[x]=1&constructor[prototype][y]=2',
  `?q[][pacticipant]=${'x'.repeat(5000)}`,
  '?environment=&steps=1e9',
  '?to=%00&pacticipant=%FF',
];

const OPENAPI = (ref: string) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/o': {
      get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } } },
    },
  },
});

describe('Fuzz: hostile and malformed requests', function () {
  // A safety net, not a claim: 45 s alone, up to 3 min beside three other test files on a loaded machine.
  this.timeout(240_000);
  let b: TestBroker;
  let agent: http.Agent;
  let port: number;
  const admin = bearer(TOKENS.admin);

  before(async () => {
    b = await startTestBroker({ config: authConfig() });
    port = b.port;
    agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'), admin)).status, 200);
    assert.equal((await b.api.post('/environments', { name: 'production', production: true }, admin)).status, 201);
  });
  after(async () => {
    agent.destroy();
    await b.destroy();
  });

  /** Raw bytes on a fresh connection (what node's HTTP parser rejects never reaches express). */
  function sendRaw(bytes: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
        resolve({ status: m ? Number(m[1]) : 0, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
      });
    });
  }

  function send(r: FuzzRequest): Promise<{ status: number; body: string }> {
    if (r.method === 'RAW') return sendRaw(String(r.body));
    // A body always travels with its length (node sends DELETE/OPTIONS bodies without framing otherwise).
    const headers =
      r.body !== undefined && !r.headers['transfer-encoding']
        ? { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }
        : r.headers;
    // A request that declares a body it never sends desynchronises its own connection: the server rightly reads
    // the next request's first bytes as that body. Such a lying client gets a connection of its own, so the
    // damage stays with it instead of landing on whichever request the pool puts on that socket next.
    const lies = r.headers['content-length'] !== undefined && r.body === undefined;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent: lies ? false : agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      if (r.body !== undefined) req.end(r.body);
      else req.end();
    });
  }

  it(`answers ${COUNT} hostile requests (seed ${SEED}) without a 5xx and keeps serving`, async () => {
    const rnd = seededRandom(SEED);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
    const hugeString = () =>
      pick(['x', '\u202e', '名', '💥', '\\', '"', '\u0000']).repeat(pick([1_000, 50_000, 300_000]));
    const weird = (): unknown =>
      pick<() => unknown>([
        () => null,
        () => 1e308,
        () => -0,
        () => true,
        () => [],
        () => ({}),
        () => hugeString(),
        () => [[[[[]]]]],
        () => ({ __proto__: { admin: true } }),
        () => '../../etc/passwd',
        () => '\ud800',
        () => 'ǅ\u0301\u0308',
        () => int(1e9),
        () => ({ $ref: 'http://127.0.0.1:1/x' }),
        () => 'x'.repeat(int(300)),
      ])();
    const mutate = (obj: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = { ...obj };
      const keys = Object.keys(out);
      for (let i = 0, n = 1 + int(3); i < n; i++) {
        if (rnd() < 0.7 && keys.length) out[pick(keys)] = weird();
        else out[pick(['extra', '__proto__', 'constructor', 'contracts', 'name', ''])] = weird();
      }
      return out;
    };
    const validBodies = (): Record<string, unknown> =>
      pick<() => Record<string, unknown>>([
        () => publishBody(pick(['web', 'orders', 'ünï', 'a/b']), `1.${int(100)}`, pick(['orders', 'web', 'x'])),
        () => ({ providerApplicationVersion: `2.${int(9)}`, success: rnd() < 0.5, testResults: [] }),
        () => ({ name: `env-${int(50)}`, production: rnd() < 0.5, displayName: 'E' }),
        () => ({ applicationInstance: `i${int(5)}` }),
        () => ({ currentlyDeployed: false }),
        () => ({
          pacticipantVersionNumber: '1',
          branch: 'main',
          contract: {
            content: base64(OPENAPI('#/components/schemas/X')),
            contentType: 'application/json',
            specification: 'oas',
          },
        }),
        () => aPact('web', 'orders').withInteraction().build(),
        () => ({
          consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
          includePendingStatus: true,
        }),
      ])();
    const deepText = (depth: number) => `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

    const generators: [string, () => FuzzRequest][] = [
      [
        'bad-json',
        () => {
          const text = JSON.stringify(validBodies());
          const broken = pick([
            text.slice(0, int(text.length)),
            `${text}}`,
            text.replace(/"/g, "'"),
            `\ufeff${text}`,
            '{"a":1,,}',
            'nul',
            '[',
            '{"a":"\\ud800"}',
            '{"a":"\\uZZZZ"}',
            Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('latin1'),
          ]);
          const [method, p] = pick(ROUTES.filter(([m]) => m !== 'GET'));
          return {
            kind: 'bad-json',
            method,
            path: fill(p),
            headers: { ...admin, 'content-type': 'application/json' },
            body: broken,
          };
        },
      ],
      [
        'wrong-types',
        () => {
          const [method, p] = pick(ROUTES.filter(([m]) => ['POST', 'PUT', 'PATCH'].includes(m)));
          return {
            kind: 'wrong-types',
            method,
            path: fill(p),
            headers: { ...admin, 'content-type': pick(['application/json', 'application/merge-patch+json']) },
            body: JSON.stringify(rnd() < 0.5 ? mutate(validBodies()) : weird()),
          };
        },
      ],
      [
        'huge-strings',
        () => {
          const body = validBodies();
          const key = pick(Object.keys(body));
          return {
            kind: 'huge-strings',
            method: 'POST',
            path: pick([
              '/contracts/publish',
              '/environments',
              '/pacticipants',
              `/pacticipants/web/versions/1.0.0/deployed-versions/environment/x`,
            ]),
            headers: { ...admin, 'content-type': 'application/json' },
            body: JSON.stringify({ ...body, [key]: hugeString() }),
          };
        },
      ],
      [
        'deep-nesting',
        () => {
          const depth = pick([65, 200, 10_000, 200_000]);
          if (rnd() < 0.5)
            return {
              kind: 'deep-nesting',
              method: pick(['POST', 'PUT']),
              path: pick(['/environments', '/pacticipants', '/pacts/provider/orders/consumer/web/version/9']),
              headers: { ...admin, 'content-type': 'application/json' },
              body: deepText(depth),
            };
          const body = publishBody('web', `d${int(1000)}`, 'orders');
          body.contracts[0].content = base64(
            `{"consumer":{"name":"web"},"provider":{"name":"orders"},"interactions":[{"description":"d","request":{"method":"GET","path":"/","body":${'['.repeat(depth)}${']'.repeat(depth)}},"response":{"status":200}}]}`,
          );
          return {
            kind: 'deep-nesting',
            method: 'POST',
            path: '/contracts/publish',
            headers: { ...admin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
      ],
      [
        'path-names',
        () => {
          const [method, p] = pick(ROUTES);
          const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
          return {
            kind: 'path-names',
            method,
            path: fill(p, true) + pick(QUERIES),
            headers: { ...admin, 'content-type': 'application/json' },
            body: hasBody ? JSON.stringify(validBodies()) : undefined,
          };
        },
      ],
      [
        'unicode',
        () => {
          const name = pick(['名前', 'مرحبا', '\u202eevil', 'e\u0301', '💥💥', '\u200b', 'Ω≈ç√', '\ud83d']);
          const body = publishBody(name, `1.${int(5)}-${name}`, `${name}-p`);
          return {
            kind: 'unicode',
            method: 'POST',
            path: '/contracts/publish',
            headers: { ...admin, 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(body),
          };
        },
      ],
      [
        'openapi-refs',
        () => {
          const ref = pick([
            'http://127.0.0.1:1/schema.json',
            'https://example.invalid/x.yaml#/A',
            'file:///etc/passwd',
            '/etc/shadow',
            '../secrets.yaml',
            '//evil.invalid/x',
            'ftp://x/y',
            'data:application/json,{}',
            '#/components/schemas/Missing',
            '#/../../x',
          ]);
          let content: string;
          let contentType = 'application/json';
          if (rnd() < 0.3) {
            contentType = 'application/yaml';
            content = pick([
              `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /o:\n    get:\n      responses:\n        '200':\n          $ref: '${ref}'\n`,
              `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n`,
              `openapi: 3.0.3\n${'- '.repeat(3000)}x\n`,
              '!!js/function "function(){ return process.exit(1) }"',
              `openapi: !!binary ${'A'.repeat(100)}`,
              ': : :\n\t- [',
            ]);
          } else content = JSON.stringify(OPENAPI(ref));
          const body =
            rnd() < 0.5
              ? {
                  pacticipantVersionNumber: `1.${int(9)}`,
                  contract: { content: base64(content), contentType, specification: 'oas' },
                }
              : { content: base64(content), contentType, specification: 'oas' };
          const path =
            'contract' in body
              ? '/provider-contracts/provider/orders/publish'
              : `/contracts/provider/orders/version/1.${int(9)}`;
          return {
            kind: 'openapi-refs',
            method: 'contract' in body ? 'POST' : 'PUT',
            path,
            headers: { ...admin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
      ],
      [
        'headers',
        () => {
          const [method, p] = pick(ROUTES);
          const headers: Record<string, string> = pick<Record<string, string>>([
            {},
            { authorization: 'Bearer' },
            { authorization: 'Basic !!!' },
            { authorization: `Basic ${base64(':')}` },
            { authorization: `Bearer ${'x'.repeat(8000)}` },
            { authorization: 'Negotiate abc' },
            { ...admin, 'content-type': 'text/xml' },
            { ...admin, 'content-type': 'application/json; charset=utf-16' },
            { ...admin, accept: 'application/problem+json' },
            { ...admin, accept: '*/*;q=abc, ,,,' },
            { ...admin, 'x-request-id': '\t bad id' },
            { ...admin, 'content-length': '5' },
            { ...admin, 'content-encoding': 'gzip' },
            { ...admin, 'transfer-encoding': 'chunked' },
          ]);
          const body = ['POST', 'PUT', 'PATCH'].includes(method) ? JSON.stringify(validBodies()) : undefined;
          if (headers['content-length'] && body) headers['content-length'] = String(Buffer.byteLength(body));
          return { kind: 'headers', method, path: fill(p), headers, body };
        },
      ],
      [
        'random-bytes',
        () => {
          const bytes = Buffer.alloc(1 + int(2000));
          for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
          const [method, p] = pick(ROUTES.filter(([m]) => ['POST', 'PUT', 'PATCH'].includes(m)));
          return {
            kind: 'random-bytes',
            method,
            path: fill(p),
            headers: { ...admin, 'content-type': pick(['application/json', 'application/octet-stream', '']) },
            body: bytes,
          };
        },
      ],
      [
        'raw-http',
        () => ({
          kind: 'raw-http',
          method: 'RAW',
          path: '',
          headers: {},
          body: pick([
            'GARBAGE\r\n\r\n',
            'GET / HTTP/9.9\r\n\r\n',
            `GET /${'a'.repeat(100)} HTTP/1.1\r\nHost: x\r\n${'X-Big: y\r\n'.repeat(2000)}\r\n`,
            'POST /contracts/publish HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
            'POST /environments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n',
            'GET /\u0000 HTTP/1.1\r\n\r\n',
            `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.admin}\r\nContent-Length: -1\r\n\r\n`,
          ]),
        }),
      ],
      [
        'base64-content',
        () => {
          const body = publishBody('web', `b${int(100)}`, 'orders');
          body.contracts[0].content = pick([
            '!!!!',
            'YQ',
            base64('not json'),
            base64('{"consumer":1}'),
            base64(Buffer.from([0xc3, 0x28]).toString('latin1')),
            '',
            base64('[]'),
            base64('null'),
            base64(JSON.stringify({ consumer: { name: 'web' }, provider: { name: 'orders' }, interactions: 'x' })),
          ]);
          return {
            kind: 'base64-content',
            method: 'POST',
            path: '/contracts/publish',
            headers: { ...admin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
      ],
    ];

    function fill(pattern: string, hostile = false): string {
      return pattern.replace(/\{n\}/g, () =>
        hostile || rnd() < 0.3 ? pick(NAMES) : pick(['web', 'orders', '1.0.0', 'main', 'production']),
      );
    }

    const requests: FuzzRequest[] = [];
    // Pacts with thousands of interactions (over and under the default limit of 10,000), built once.
    for (const n of [2_000, 5_000, 10_000, 10_001, 12_000]) {
      let pb = aPact('web', 'orders');
      for (let i = 0; i < n; i++) pb = pb.withInteraction({ description: `i${i}`, path: `/o/${i}` });
      const body = {
        pacticipantName: 'web',
        pacticipantVersionNumber: `big-${n}`,
        branch: 'main',
        contracts: [
          {
            consumerName: 'web',
            providerName: 'orders',
            specification: 'pact',
            contentType: 'application/json',
            content: base64(pb.build()),
          },
        ],
      };
      requests.push({
        kind: `many-interactions-${n}`,
        method: 'POST',
        path: '/contracts/publish',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }
    while (requests.length < COUNT) {
      const [, gen] = pick(generators);
      requests.push(gen());
    }

    const bigPacts = new Map<string, { status: number; body: string }>();
    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    const msByKind = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const i = next++;
          const r = requests[i];
          byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
          const t0 = Date.now();
          try {
            const res = await send(r);
            byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
            if (r.kind.startsWith('many-interactions')) bigPacts.set(r.kind, res);
            if (res.status >= 500)
              failures.push(
                `#${i} ${r.kind} ${r.method} ${r.path.slice(0, 200)} -> ${res.status} ${res.body.slice(0, 300)}`,
              );
            else if (res.status >= 400 && r.method !== 'HEAD' && !/"errors"|"detail"/.test(res.body))
              failures.push(
                `#${i} ${r.kind} ${r.method} ${r.path.slice(0, 200)} -> ${res.status} without an errors body: ${res.body.slice(0, 200)}`,
              );
            msByKind.set(r.kind, (msByKind.get(r.kind) ?? 0) + Date.now() - t0);
            if (/\n\s+at .+:\d+:\d+/.test(res.body)) failures.push(`#${i} ${r.kind}: a stack trace reached the client`);
          } catch (e) {
            failures.push(
              `#${i} ${r.kind} ${r.method} ${r.path.slice(0, 200)} -> connection error ${(e as Error).message}`,
            );
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `      fuzz seed ${SEED}: ${requests.length} requests in ${seconds.toFixed(1)} s; status counts ${JSON.stringify(Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)))}`,
    );
    console.log(`      by kind ${JSON.stringify(Object.fromEntries(byKind))}`);
    if (process.env.ROLLGATE_FUZZ_TIMING)
      console.log(`      ms by kind ${JSON.stringify(Object.fromEntries(msByKind))}`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (seed ${SEED})`);
    assert.equal(
      [...byStatus.values()].reduce((a, n) => a + n, 0),
      COUNT,
    );

    // Still serving: heartbeat, a normal publish and read back, the big pacts at or under the limit stored.
    assert.equal((await b.api.get('/diagnostic/status/heartbeat')).status, 200);
    assert.equal(
      (await b.api.post('/contracts/publish', publishBody('web', 'after-fuzz', 'orders'), admin)).status,
      200,
    );
    assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/version/after-fuzz', admin)).status, 200);
    // Pacts up to the default limit of 10,000 interactions are accepted, larger ones refused with a 400 saying why.
    for (const n of [2_000, 5_000, 10_000])
      assert.equal(bigPacts.get(`many-interactions-${n}`)?.status, 200, `${n} interactions`);
    for (const n of [10_001, 12_000]) {
      const res = bigPacts.get(`many-interactions-${n}`)!;
      assert.equal(res.status, 400, `${n} interactions`);
      assert.match(res.body, new RegExp(`${n} entries, more than the limit of 10000`));
    }
  });
});
