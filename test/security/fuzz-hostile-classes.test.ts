/**
 * The fuzz suite's hostile classes of issue 16, on both stores: cross-site forms, forged Host headers, NUL bytes,
 * huge page numbers, invalid UTF-8, header injection in webhooks, scoped principals against other pacticipants (all
 * refused: nothing stored), and catastrophic regular expressions in pacts and OpenAPI documents (accepted, answered
 * in time). None may get a 5xx; a legitimate client and the heartbeat are answered throughout.
 * Reproduce with ROLLGATE_FUZZ_SEED=<seed>.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot, withoutRefusalAudit } from '../broker/features/support.ts';
import { aPact, base64 } from '../support/pact-builder.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { settleEvidence } from '../support/settle.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { publishBody } from './support.ts';

const SEED = Number(process.env.ROLLGATE_FUZZ_SEED ?? 20261205);
const ADMIN = 'tok-fuzz-admin-0123456789';
const TEAM = 'tok-fuzz-team-0123456789';

interface Req {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function send(port: number, r: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = r.body ? { ...r.headers, 'content-length': String(r.body.length) } : r.headers;
    const req = http.request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.end(r.body);
  });
}

for (const adapter of adapters()) {
  describe(`Fuzz: the hostile classes of issue 16 [${adapter}]`, function () {
    this.timeout(300_000);
    let b: TestBroker;
    let dir: string;
    let env: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rollgate-fuzz16-'));
      writeFileSync(
        join(dir, 'auth.yaml'),
        `tokens:\n  - { name: root, token: ${ADMIN}, scopes: [admin] }\n  - { name: team, token: ${TEAM}, scopes: [publish-contracts, publish-verifications, deploy, admin], pacticipants: [web] }\n`,
      );
      b = await startTestBroker({ adapter, config: { authFile: join(dir, 'auth.yaml'), allowedHosts: [] } });
      const admin = { authorization: `Bearer ${ADMIN}` };
      assert.equal((await b.api.post('/contracts/publish', publishBody('web', '1.0.0', 'orders'), admin)).status, 200);
      assert.equal(
        (await b.api.post('/contracts/publish', publishBody('orders', '1.0.0', 'stock'), admin)).status,
        200,
      );
      env = (await b.api.post('/environments', { name: 'production', production: true }, admin)).body.uuid;
    });
    after(async () => {
      await b.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    const extraTables = async () =>
      b.deps.store.read(function* () {
        return {
          webhooks: yield* all('SELECT uuid FROM webhooks ORDER BY id'),
          owners: yield* all('SELECT webhook_uuid FROM webhook_owners ORDER BY webhook_uuid'),
          labels: yield* all('SELECT id FROM labels ORDER BY id'),
        };
      });

    it(`refuses every request of the refused classes (seed ${SEED}) with a 4xx, stores nothing, answers others throughout`, async () => {
      const rnd = seededRandom(SEED);
      const int = (n: number) => Math.floor(rnd() * n);
      const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
      const admin = { authorization: `Bearer ${ADMIN}` };
      const team = { authorization: `Bearer ${TEAM}` };
      const json = (v: unknown) => Buffer.from(JSON.stringify(v));
      const writes: [string, string, () => unknown][] = [
        ['POST', `/pacticipants/web/versions/1.0.0/deployed-versions/environment/${env}`, () => ({})],
        ['PUT', '/pacticipants/web/versions/1.0.0/tags/prod', () => ({})],
        ['PUT', '/pacticipants/web/branches/main/versions/1.0.0', () => ({})],
        ['POST', '/contracts/publish', () => publishBody('web', `9.${int(99)}`, 'orders')],
        ['PATCH', '/pacticipants/web', () => ({ displayName: 'x' })],
      ];
      const generators: (() => Req)[] = [
        () => {
          const [method, path, body] = pick(writes);
          const type = pick(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']);
          return {
            kind: 'cross-site-form',
            method,
            path,
            headers: { ...admin, 'content-type': type },
            body: json(body()),
          };
        },
        () => {
          const [method, path, body] = pick(writes);
          const h = pick<Record<string, string>>([
            { origin: 'https://evil.example' },
            { origin: 'null' },
            { 'sec-fetch-site': 'cross-site' },
            { 'sec-fetch-site': 'same-site' },
          ]);
          return {
            kind: 'cross-site-origin',
            method,
            path,
            headers: { ...admin, ...h, 'content-type': 'application/json' },
            body: json(body()),
          };
        },
        () => {
          const [method, path, body] = pick(writes);
          const host = pick(['evil.example', 'rebind.attacker.test:9292', 'localhost.evil.example', 'x'.repeat(300)]);
          return {
            kind: 'host-header',
            method,
            path,
            headers: { ...admin, host, 'content-type': 'application/json' },
            body: json(body()),
          };
        },
        () => {
          const n = pick(['a%00b', '%00', 'web%00', '1%00.0']);
          const [method, path] = pick([
            ['PUT', `/pacticipants/${n}`],
            ['PUT', `/pacticipants/web/versions/${n}`],
            ['PUT', `/pacticipants/web/versions/1.0.0/tags/${n}`],
            ['GET', `/pacticipants/${n}`],
            ['GET', `/can-i-deploy?pacticipant=${n}&version=1&to=prod`],
            ['GET', `/matrix?q[][pacticipant]=${n}&q[][version]=1`],
          ]);
          return {
            kind: 'nul-path',
            method,
            path,
            headers: { ...admin, 'content-type': 'application/json' },
            body: method === 'GET' ? undefined : json({}),
          };
        },
        () => {
          const body = pick<unknown>([
            { name: `a\u0000${int(9)}` },
            { ...publishBody('web', `n${int(99)}`, 'orders'), branch: 'm\u0000' },
            { ...publishBody('web', `n${int(99)}`, 'orders'), tags: ['\u0000'] },
            { name: 'env\u0000', production: false },
          ]);
          const path =
            'name' in (body as object) && 'production' in (body as object)
              ? '/environments'
              : 'name' in (body as object)
                ? '/pacticipants'
                : '/contracts/publish';
          return {
            kind: 'nul-body',
            method: 'POST',
            path,
            headers: { ...admin, 'content-type': 'application/json' },
            body: json(body),
          };
        },
        () => ({
          kind: 'huge-page',
          method: 'GET',
          path: `${pick(['/pacticipants', '/pacticipants/web/versions', '/audit'])}?${pick(['pageNumber=1e300', 'pageSize=1e300', 'pageNumber=99999999999', 'pageNumber=-1', 'pageNumber=1.5'])}`,
          headers: admin,
        }),
        () => {
          const bad = pick([[0xe9], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
          return {
            kind: 'invalid-utf8',
            method: 'POST',
            path: pick(['/pacticipants', '/environments', '/contracts/publish']),
            headers: { ...admin, 'content-type': 'application/json' },
            body: Buffer.concat([Buffer.from('{"name":"x'), Buffer.from(bad), Buffer.from('","production":false}')]),
          };
        },
        () => {
          const headers = pick<Record<string, string>>([
            { 'X-A': 'a\r\nInjected: 1' },
            { 'X-A': 'a\nb' },
            { 'X-Name': 'Zoë ✓' },
            { 'Bad Name': 'x' },
            { Host: 'internal' },
            { 'Transfer-Encoding': 'chunked' },
            { 'X-T': 'x ${pactbroker.consumerName}\r\n' },
          ]);
          return {
            kind: 'webhook-header-injection',
            ...pick([
              { method: 'POST', path: '/webhooks' },
              { method: 'PUT', path: `/webhooks/fuzz-${int(20)}` },
              { method: 'POST', path: '/webhooks/execute' },
            ]),
            headers: { ...admin, 'content-type': 'application/json' },
            body: json({
              events: [{ name: 'contract_published' }],
              request: { method: 'POST', url: 'https://ci.example/h', headers },
            }),
          };
        },
        () => {
          const [method, path, body] = pick<[string, string, unknown]>([
            ['POST', '/contracts/publish', publishBody('orders', `7.${int(99)}`, 'stock')],
            ['PUT', '/pacticipants/orders/versions/1.0.0/tags/prod', {}],
            ['PUT', '/pacticipants/orders/branches/main/versions/1.0.0', {}],
            ['POST', `/pacticipants/orders/versions/1.0.0/deployed-versions/environment/${env}`, {}],
            ['PATCH', '/pacticipants/orders', { mainBranch: 'evil' }],
            ['POST', '/pacticipants', { name: `other-${int(9)}` }],
            [
              'POST',
              '/webhooks',
              {
                events: [{ name: 'contract_published' }],
                consumer: { name: 'web' },
                request: { url: 'https://ci.example/h' },
              },
            ],
            ['POST', '/environments', { name: `team-env-${int(9)}`, production: false }],
            ['DELETE', '/pacticipants/orders/versions/1.0.0', undefined],
          ]);
          return {
            kind: 'scoped-principal',
            method,
            path,
            headers: { ...team, 'content-type': 'application/json' },
            body: body === undefined ? undefined : json(body),
          };
        },
      ];
      const requests = Array.from({ length: 450 }, () => pick(generators)());

      const before = await snapshot(b);
      const beforeExtra = await extraTables();
      const failures: string[] = [];
      const byKind: Record<string, Record<number, number>> = {};
      let next = 0;
      let stop = false;
      // A legitimate client and the heartbeat, all along.
      const others = { ok: 0, failed: [] as string[], heartbeatMaxMs: 0 };
      const other = (async () => {
        while (!stop) {
          const t0 = Date.now();
          const beat = await send(b.port, {
            kind: 'heartbeat',
            method: 'GET',
            path: '/diagnostic/status/heartbeat',
            headers: {},
          });
          others.heartbeatMaxMs = Math.max(others.heartbeatMaxMs, Date.now() - t0);
          const read = await send(b.port, { kind: 'read', method: 'GET', path: '/pacticipants/web', headers: admin });
          if (beat.status === 200 && read.status === 200) others.ok++;
          else others.failed.push(`${beat.status} ${read.status}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < requests.length) {
            const r = requests[next++];
            try {
              const res = await send(b.port, r);
              byKind[r.kind] ??= {};
              byKind[r.kind][res.status] = (byKind[r.kind][res.status] ?? 0) + 1;
              if (res.status < 400 || res.status >= 500)
                failures.push(
                  `${r.kind} ${r.method} ${r.path.slice(0, 120)} -> ${res.status} ${res.text.slice(0, 200)}`,
                );
              else if (!/"errors"/.test(res.text))
                failures.push(`${r.kind} -> ${res.status} without errors: ${res.text.slice(0, 120)}`);
            } catch (e) {
              failures.push(`${r.kind} ${r.method} ${r.path.slice(0, 120)} -> ${(e as Error).message}`);
            }
          }
        }),
      );
      stop = true;
      await other;
      console.log(
        `      seed ${SEED}: ${JSON.stringify(byKind)}; others answered ${others.ok} times, heartbeat max ${others.heartbeatMaxMs} ms`,
      );
      assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
      assert.deepEqual(others.failed, []);
      assert.ok(others.ok > 5);
      assert.deepEqual(
        withoutRefusalAudit(await snapshot(b)),
        withoutRefusalAudit(before),
        'a refused request changed the database',
      );
      assert.deepEqual(await extraTables(), beforeExtra, 'a refused request stored a webhook or label');
    });

    it('answers catastrophic regular expressions in pacts and OpenAPI documents in time, never with a 5xx', async () => {
      const admin = { authorization: `Bearer ${ADMIN}` };
      const evil = `${'a'.repeat(34)}!`;
      const regexPact = (example: string) =>
        aPact('redos-web', 'redos-api')
          .withInteraction({
            path: '/codes/1',
            responseBody: { code: example },
            responseMatchingRules: { body: { '$.code': { matchers: [{ match: 'regex', regex: '^(a+)+$' }] } } },
          })
          .build();
      const publish = (version: string, pact: unknown) =>
        b.api.post(
          '/contracts/publish',
          {
            pacticipantName: 'redos-web',
            pacticipantVersionNumber: version,
            branch: 'main',
            contracts: [
              {
                consumerName: 'redos-web',
                providerName: 'redos-api',
                specification: 'pact',
                contentType: 'application/json',
                content: base64(pact),
              },
            ],
          },
          admin,
        );
      const started = Date.now();
      assert.equal((await publish('1', regexPact('aaaa'))).status, 200);
      assert.equal(
        (
          await publish(
            '2',
            aPact('redos-web', 'redos-api')
              .withInteraction({ path: '/codes/1', responseBody: { code: evil } })
              .build(),
          )
        ).status,
        200,
      );
      const doc = {
        openapi: '3.0.3',
        info: { title: 'r', version: '1' },
        paths: {
          '/codes/1': {
            get: {
              responses: {
                '200': {
                  description: 'c',
                  content: {
                    'application/json': {
                      schema: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } },
                    },
                  },
                },
              },
            },
          },
        },
      };
      const pc = await b.api.post(
        '/provider-contracts/provider/redos-api/publish',
        {
          pacticipantVersionNumber: '1',
          contract: {
            content: base64(doc),
            contentType: 'application/json',
            specification: 'oas',
            selfVerificationResults: { success: true },
          },
        },
        admin,
      );
      assert.ok(pc.status < 300, pc.text);
      assert.equal((await b.api.get('/diagnostic/status/heartbeat')).status, 200);
      await settleEvidence(b.deps.store, 60_000);
      const sha = (await b.api.get('/pacts/provider/redos-api/consumer/redos-web/version/2', admin)).body._links[
        'pb:pact-version'
      ].name;
      const cmp = await b.api.get(
        `/pacts/provider/redos-api/consumer/redos-web/pact-version/${sha}/comparison/provider-version/1`,
        admin,
      );
      assert.equal(cmp.status, 200, cmp.text);
      assert.equal(cmp.body.status, 'done', cmp.text);
      assert.equal(cmp.body.result, 'incompatible', cmp.text);
      assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
    });
  });
}
