/**
 * Two broker processes on one PostgreSQL schema, 300 concurrent requests split between them:
 * publishes of the same and of different versions with the same and with different content,
 * verification results, deployments. No 5xx, no deadlock (everything answers within the timeout),
 * no duplicate row, and every acknowledged (2xx) write readable from both instances.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { startChildBroker, stopChildBroker, type ChildBroker } from '../support/child-broker.ts';
import type { ApiClient, ApiResponse } from '../support/http-client.ts';
import { aPact, base64 } from '../support/pact-builder.ts';
import { freshPostgresUrl } from '../support/postgres.ts';
import { seededRandom } from '../support/seeded-random.ts';

const REQUEST_TIMEOUT_MS = 60_000;

const publishBody = (consumer: string, version: string, provider: string, marker: string, labels = true) => ({
  pacticipantName: consumer,
  pacticipantVersionNumber: version,
  ...(labels ? { branch: 'main', tags: ['ci'] } : {}),
  contracts: [
    {
      consumerName: consumer,
      providerName: provider,
      specification: 'pact',
      contentType: 'application/json',
      content: base64(
        aPact(consumer, provider)
          .withInteraction({ path: `/things/${marker}` })
          .build(),
      ),
    },
  ],
});

type Check = (via: ApiClient) => Promise<void>;
interface Sent {
  what: string;
  marker?: string;
  res: ApiResponse | Error;
  /** Run against each instance when the write was acknowledged. */
  readable?: Check;
}

const PG = process.env.ROLLGATE_TEST_DATABASE_URL;

(PG ? describe : describe.skip)('two broker processes on one PostgreSQL database', function () {
  this.timeout(180_000);
  let a: ChildBroker | undefined;
  let b: ChildBroker | undefined;
  let db: Awaited<ReturnType<typeof freshPostgresUrl>>;

  before(async () => {
    db = await freshPostgresUrl();
    // Started together: the migrations run under the advisory lock, once.
    [a, b] = await Promise.all([startChildBroker(db.url), startChildBroker(db.url)]);
  });
  after(async () => {
    await Promise.all([stopChildBroker(a), stopChildBroker(b)]);
    await db?.drop();
  });

  it('answers 300 concurrent mixed writes without a 5xx, deadlock, duplicate or lost write', async () => {
    const A = a!.api;
    const B = b!.api;
    // Setup: an environment, a pact to verify, versions to deploy.
    const env = await A.post('/environments', { name: 'production', production: true });
    assert.equal(env.status, 201, env.text);
    const envUuid = env.body.uuid as string;
    assert.equal((await A.post('/contracts/publish', publishBody('web', '0.9.0', 'orders', 'base'))).status, 200);
    const basePact = await B.get('/pacts/provider/orders/consumer/web/version/0.9.0');
    const sha = basePact.body._links['pb:pact-version'].name as string;
    for (let i = 0; i < 6; i++)
      assert.equal((await B.put(`/pacticipants/orders/versions/p${i}`, {})).status < 300, true);
    for (let i = 0; i < 6; i++) assert.equal((await A.put(`/pacticipants/web/versions/d${i}`, {})).status < 300, true);
    assert.equal((await A.put('/pacticipants/web/versions/2.1.0', {})).status < 300, true);

    const requests: (() => Promise<Sent>)[] = [];
    const send = (
      what: string,
      call: () => Promise<ApiResponse>,
      readable?: (res: ApiResponse) => Check,
      marker?: string,
    ) => {
      requests.push(async () => {
        try {
          const res = await call();
          return { what, marker, res, readable: res.status < 300 ? readable?.(res) : undefined };
        } catch (e) {
          return { what, marker, res: e as Error };
        }
      });
    };
    const via = (n: number) => (n % 2 === 0 ? A : B);
    const pactReadable =
      (consumer: string, version: string, provider: string, marker: string) => () => async (api: ApiClient) => {
        const got = await api.get(`/pacts/provider/${provider}/consumer/${consumer}/version/${version}`);
        assert.equal(got.status, 200, `${consumer} ${version} -> ${provider}: ${got.text}`);
        assert.equal(
          got.body.interactions[0].request.path,
          `/things/${marker}`,
          `${consumer} ${version}: acknowledged content is not the stored content`,
        );
      };
    const selfReadable = (res: ApiResponse) => async (api: ApiClient) => {
      const path = new URL(res.body._links.self.href).pathname;
      const got = await api.get(path);
      assert.equal(got.status, 200, `${path}: ${got.text}`);
    };

    let n = 0;
    // 60: one version, identical content, again and again (all succeed, one publication).
    for (let i = 0; i < 60; i++, n++)
      send(
        'same version, same content',
        () => via(n).post('/contracts/publish', publishBody('web', '1.0.0', 'orders', 'same')),
        pactReadable('web', '1.0.0', 'orders', 'same'),
      );
    // 40: four different contents racing for one version (one content wins, the others get 409): a new
    // version with a branch, and a version that exists already, published without labels.
    for (let i = 0; i < 40; i++, n++) {
      const [version, labels] = i % 2 === 0 ? ['2.0.0', true] : ['2.1.0', false];
      const marker = `race-${i % 4}`;
      send(
        `same version, different content (${version})`,
        () => via(n).post('/contracts/publish', publishBody('web', version, 'orders', marker, labels)),
        pactReadable('web', version, 'orders', marker),
        marker,
      );
    }
    // 80: different versions, half sharing one content, half each its own; two consumers, two providers.
    for (let i = 0; i < 80; i++, n++) {
      const consumer = i % 3 === 0 ? 'mobile' : 'web';
      const provider = i % 5 === 0 ? 'billing' : 'orders';
      const marker = i % 2 === 0 ? 'shared' : `own-${i}`;
      send(
        'different versions',
        () => via(n).post('/contracts/publish', publishBody(consumer, `3.0.${i}`, provider, marker)),
        pactReadable(consumer, `3.0.${i}`, provider, marker),
      );
    }
    // 60: verification results of one pact by a few provider versions (some new, created on the fly).
    for (let i = 0; i < 60; i++, n++) {
      const providerVersion = i % 2 === 0 ? `p${i % 6}` : `pnew${i % 10}`;
      send(
        'verification',
        () =>
          via(n).post(`/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`, {
            success: i % 7 !== 0,
            providerApplicationVersion: providerVersion,
          }),
        selfReadable,
      );
    }
    // 60: deployments of a few versions of two applications into one environment (the current one keeps changing).
    for (let i = 0; i < 60; i++, n++) {
      const [app, version] = i % 2 === 0 ? ['orders', `p${i % 6}`] : ['web', `d${i % 6}`];
      send(
        'deployment',
        () =>
          via(n).post(`/pacticipants/${app}/versions/${version}/deployed-versions/environment/${envUuid}`, {
            applicationInstance: i % 4 < 2 ? 'blue' : 'green',
          }),
        selfReadable,
      );
    }
    assert.equal(requests.length, 300);

    // Shuffle deterministically so each kind races with every other.
    const rnd = seededRandom(42);
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [requests[i], requests[j]] = [requests[j]!, requests[i]!];
    }
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const results = await Promise.race([
      Promise.all(requests.map((r) => r())),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`requests still running after ${REQUEST_TIMEOUT_MS} ms: deadlock?`)),
            REQUEST_TIMEOUT_MS,
          )),
      ),
    ]);
    clearTimeout(timer);
    const elapsed = Date.now() - started;

    const failures = results.filter((r) => r.res instanceof Error || r.res.status >= 500);
    assert.deepEqual(
      failures.map((f) => `${f.what}: ${f.res instanceof Error ? f.res.message : `${f.res.status} ${f.res.text}`}`),
      [],
      `5xx or transport errors; broker output:\n${a!.output()}\n${b!.output()}`,
    );
    const byStatus = new Map<string, number>();
    for (const r of results) {
      const key = `${r.what} ${(r.res as ApiResponse).status}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    // Every write is accepted except the losing contents of the race (a 409 each).
    for (const [key, count] of byStatus) {
      if (!key.startsWith('same version, different content')) assert.match(key, / 20[01]$/, `${key} x${count}`);
      else assert.match(key, / (200|409)$/, `${key} x${count}`);
    }
    // Each race has one winner: every acknowledged publish of the version carried the same content.
    for (const version of ['2.0.0', '2.1.0']) {
      const winners = new Set(
        results
          .filter(
            (r) => r.what === `same version, different content (${version})` && (r.res as ApiResponse).status === 200,
          )
          .map((r) => r.marker),
      );
      assert.equal(winners.size, 1, `acknowledged contents of ${version}: ${[...winners].join(', ')}`);
    }

    // Every acknowledged write, read back through both instances.
    for (const r of results) {
      if (!r.readable) continue;
      await r.readable(A);
      await r.readable(B);
    }

    // No duplicate rows: one row per key the domain says is one.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const dup = async (table: string, key: string) =>
        (await c.query(`SELECT ${key}, COUNT(*) AS n FROM ${table} GROUP BY ${key} HAVING COUNT(*) > 1`)).rows;
      assert.deepEqual(await dup('pacticipants', 'name'), []);
      assert.deepEqual(await dup('versions', 'pacticipant_id, number'), []);
      assert.deepEqual(await dup('pact_versions', 'consumer_id, provider_id, sha'), []);
      // Without overwrite, a consumer version has exactly one publication per provider (no extra revision).
      assert.deepEqual(await dup('pact_publications', 'consumer_version_id, provider_id'), []);
      assert.deepEqual(await dup('branches', 'pacticipant_id, name'), []);
      assert.deepEqual(await dup('branch_versions', 'branch_id, version_id'), []);
      assert.deepEqual(await dup('tags', 'version_id, name'), []);
      assert.deepEqual(
        await dup(
          'deployed_versions WHERE undeployed_at IS NULL',
          'pacticipant_id, environment_id, application_instance',
        ),
        [],
      );
      const count = async (sql: string) => Number((await c.query(sql)).rows[0].n);
      assert.equal(await count('SELECT COUNT(*) AS n FROM pacticipants'), 4);
      // 0.9.0, 1.0.0, 2.0.0, 2.1.0 and 3.0.0..79: one publication each.
      assert.equal(await count('SELECT COUNT(*) AS n FROM pact_publications'), 84);
      // The shared content is one pact version per (consumer, provider) pair.
      assert.equal(await count('SELECT COUNT(*) AS n FROM verifications'), 60);
    } finally {
      await c.end();
    }
    console.log(
      `      300 requests over two instances in ${elapsed} ms: ${[...byStatus].map(([k, v]) => `${k} x${v}`).join(', ')}`,
    );
  });
});

if (!PG) {
  describe('two broker processes on one PostgreSQL database', () => {
    it('is skipped: ROLLGATE_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)', function () {
      this.skip();
    });
  });
}
