import assert from 'node:assert/strict';
import http from 'node:http';
import { answerCanIRollback } from '../../../broker/src/domain/rollback/answer.ts';
import { touchEnvironments } from '../../../broker/src/storage/answer-stamps.ts';
import { get } from '../../../broker/src/storage/sql.ts';
import { recordVerificationRequest } from '../../../broker/src/webhooks/repository.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { until } from '../../support/wait.ts';

/**
 * A cached can-i-rollback answer is sent as JSON kept from the first time it was asked (issue 15: the cached
 * any-subset answer took ~25 ms at 300 services, most of it making 4 MB of JSON again). What a client notices: the
 * same bytes and ETag for the same question while nothing changed, a 304 for its ETag, and every change still there:
 * a write to the environment, a verification requested since (data read for every request, outside the cached
 * answer), and the URL it asked (its self link).
 */
for (const adapter of adapters()) {
  describe(`can-i-rollback answers sent from kept JSON (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    afterEach(async () => b.destroy());

    /** production runs web 2 with orders 1; nothing verified web 2's pact, so that pair is unknown. */
    async function world() {
      b = await startTestBroker({ adapter, config: { precompute: false } });
      await b.td
        .environment('production')
        .deployedPair({ consumer: 'web', provider: 'orders', versions: ['1'], environment: 'production' })
        .publishPact({
          consumer: 'web',
          version: '2',
          provider: 'orders',
          pact: (p) => p.withInteraction({ path: '/v2' }),
        })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
      // The outbox consumed first: background handling of the world's last events can move production's stamp (web 2's
      // pact event, if handled after its deployment committed, has the late touches touch production), and a stamp
      // moving in the middle of a test makes a cached answer a new one.
      await until('the outbox consumed', () =>
        b.deps.store.read(function* () {
          return (
            Number((yield* get<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"))?.n) === 0
          );
        }),
      );
    }
    const ask = async (query: string, headers: Record<string, string> = {}) => {
      const r = await b.api.get(`/can-i-rollback?${query}`, headers);
      return { ...r, etag: r.headers.get('etag') ?? '' };
    };
    /** A conditional GET as a client revalidating sends it (fetch alone would add `Cache-Control: no-cache`). */
    const revalidate = (query: string, etag: string) =>
      ask(query, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
    const unknownPair = (body: any) =>
      body.warnings.find((w: any) => w.consumer?.version === '2' && w.provider?.version === '1');

    it('sends the same bytes and ETag while nothing changed, and 304 for that ETag', async () => {
      await world();
      const first = await ask('environment=production');
      assert.equal(first.status, 200, first.text);
      assert.equal(unknownPair(first.body).verdict, 'unknown');
      const second = await ask('environment=production');
      assert.equal(second.text, first.text);
      assert.ok(first.etag, 'an ETag');
      assert.equal(second.etag, first.etag);
      const again = await revalidate('environment=production', first.etag);
      assert.equal(again.status, 304);
    });

    it('shows a verification requested after the answer was cached, though the answer stays cached', async () => {
      await world();
      const cached = await answerCanIRollback(b.deps.store, { environment: 'production', targets: [], ignore: [] });
      const before = await ask('environment=production');
      assert.equal(unknownPair(before.body).verificationRequestedAt, undefined);
      // As the readiness planner records it: a write scoped to no environment, so no answer stamp moves.
      await b.deps.store.write(function* () {
        yield* touchEnvironments([]);
        const ids = (yield* get<{ pact_version_id: number; provider_version_id: number }>(
          `SELECT pp.pact_version_id, pv.id AS provider_version_id
           FROM pact_publications pp JOIN versions cv ON cv.id = pp.consumer_version_id
           JOIN pacticipants o ON o.name = 'orders' JOIN versions pv ON pv.pacticipant_id = o.id AND pv.number = '1'
           WHERE cv.number = '2'`,
        ))!;
        yield* recordVerificationRequest(ids.pact_version_id, ids.provider_version_id, 'deployment');
      });
      assert.equal(
        await answerCanIRollback(b.deps.store, { environment: 'production', targets: [], ignore: [] }),
        cached,
        'the domain answer is still the cached one',
      );
      const after = await ask('environment=production');
      assert.match(unknownPair(after.body).verificationRequestedAt, /^\d{4}-\d\d-\d\dT/);
      assert.notEqual(after.etag, before.etag);
      const stale = await revalidate('environment=production', before.etag);
      assert.equal(stale.status, 200, 'the old ETag no longer matches');
    });

    it('follows a write to the environment', async () => {
      await world();
      const before = await ask('environment=production');
      await b.td.verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '1', success: true });
      const after = await ask('environment=production');
      assert.equal(unknownPair(after.body), undefined, 'the pair is verified now');
      assert.notEqual(after.etag, before.etag);
    });

    it('gives each URL its own self link and view', async () => {
      await world();
      const base = await ask('environment=production');
      const summary = await ask('environment=production&detail=summary');
      const reordered = await ask('detail=summary&environment=production');
      assert.equal(summary.body.detail, 'summary');
      assert.equal(base.body.detail, undefined);
      assert.match(summary.body._links.self.href, /\/can-i-rollback\?environment=production&detail=summary$/);
      assert.match(reordered.body._links.self.href, /\/can-i-rollback\?detail=summary&environment=production$/);
      assert.deepEqual({ ...reordered.body, _links: null }, { ...summary.body, _links: null });
      const again = await ask('environment=production&detail=summary');
      assert.equal(again.text, summary.text);
    });

    it('makes links for the host a client asked by', async () => {
      await world();
      const { port } = new URL(b.url);
      // fetch sends the URL's host whatever it is told; node:http sends the Host header given.
      const byHost = (host: string) =>
        new Promise<any>((resolve, reject) => {
          http
            .get(
              { host: '127.0.0.1', port, path: '/can-i-rollback?environment=production', headers: { host } },
              (r) => {
                let text = '';
                r.on('data', (d) => (text += d));
                r.on('end', () => resolve(JSON.parse(text)));
              },
            )
            .on('error', reject);
        });
      const direct = await byHost(`127.0.0.1:${port}`);
      const byName = await byHost(`localhost:${port}`);
      assert.match(direct._links.self.href, /^http:\/\/127\.0\.0\.1:/);
      assert.match(byName._links.self.href, /^http:\/\/localhost:/);
      assert.deepEqual(await byHost(`127.0.0.1:${port}`), direct);
    });
  });
}
