/**
 * Rollback safety you can watch (issue 21), on both stores: the verdict of each deployed service is kept per
 * environment and re-evaluated in the background after writes; a change fires one `rollback_safety_changed` webhook,
 * moves the Prometheus gauges, shows in the timeline, the API and the badges, and recording the rollback returns them.
 */
import assert from 'node:assert/strict';
import { all } from '../../broker/src/storage/sql.ts';
import { SUBSUME_JOB } from '../../broker/src/domain/evidence/precompute.ts';
import { isProvisional } from '../../broker/src/domain/evidence/resolve.ts';
import { gatherRollbackWorld } from '../../broker/src/domain/rollback/gather.ts';
import { enqueue } from '../../broker/src/queue/index.ts';
import { settleEvidence } from '../support/settle.ts';
import { evaluateEnvironment } from '../../broker/src/safety/evaluate.ts';
import { delegatingStore, observed, spyNamedReads } from '../support/store-spies.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { backgroundSettled, startReceiver, WEBHOOK_TEST_CONFIG } from '../webhooks/support.ts';

const gauge = (text: string, name: string, labels: string) =>
  Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)`, 'm').exec(text)?.[1] ?? 'NaN');

for (const adapter of adapters()) {
  describe(`rollback safety you can watch (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    beforeEach(async () => {
      rx = await startReceiver();
      b = await startTestBroker({ adapter, config: WEBHOOK_TEST_CONFIG });
    });
    afterEach(async () => {
      await b.destroy();
      await rx.close();
    });

    const deploy = async (version: string) => {
      const env = (await b.api.get('/environments?name=production')).body._embedded.environments[0].uuid;
      assert.ok((await b.api.put(`/pacticipants/payments/versions/${version}`, {})).status < 300);
      const res = await b.api.post(
        `/pacticipants/payments/versions/${version}/deployed-versions/environment/${env}`,
        {},
      );
      assert.equal(res.status, 201, res.text);
      await backgroundSettled(b.deps.store);
    };
    const metrics = async () => (await b.api.get('/metrics', { accept: 'text/plain' })).text;

    it('a deployment that makes a service blocked fires one event and moves the gauges; recording the rollback returns them', async () => {
      assert.equal((await b.api.post('/environments', { name: 'production', production: true })).status, 201);
      const hook = await b.api.post('/webhooks', {
        description: 'tell the on-call channel',
        events: [{ name: 'rollback_safety_changed' }],
        request: {
          method: 'POST',
          url: `${rx.url}/safety`,
          body: {
            service: '${pactbroker.pacticipantName}',
            environment: '${pactbroker.environmentName}',
            was: '${pactbroker.previousRollbackVerdict}',
            now: '${pactbroker.rollbackVerdict}',
            why: '${pactbroker.rollbackReason}',
          },
        },
      });
      assert.equal(hook.status, 201, hook.text);

      await deploy('1.9.0');
      // 2.0.0 drops a column: once it runs, payments cannot go back to 1.9.0.
      await b.api.put('/pacticipants/payments/versions/2.0.0/migrations/0042_drop_legacy', { reversible: false });
      await deploy('2.0.0');
      assert.equal(rx.received.length, 1, JSON.stringify(rx.received.map((r) => r.json)));
      assert.deepEqual(rx.received[0].json, {
        service: 'payments',
        environment: 'production',
        was: 'no-prior',
        now: 'blocked',
        why: 'payments cannot roll back past 2.0.0: its migration 0042_drop_legacy is irreversible',
      });
      let text = await metrics();
      assert.equal(
        gauge(text, 'rollgate_rollback_safety_pacticipants', 'environment="production",verdict="blocked"'),
        1,
      );

      const api = await b.api.get('/rollback-safety/environments/production');
      assert.equal(api.status, 200, api.text);
      assert.deepEqual(
        api.body.pacticipants.map((p: { name: string; verdict: string }) => [p.name, p.verdict]),
        [['payments', 'blocked']],
      );
      assert.equal(api.body.changes[0].verdict, 'blocked');
      assert.ok(
        api.body.changes[0].writes.some((w: string) =>
          /deployment\.recorded: payments 2\.0\.0 deployed to production/.test(w),
        ),
        api.body.changes[0].writes.join('\n'),
      );
      const badge = await b.api.get('/badges/rollback/environments/production', { accept: 'image/svg+xml' });
      assert.match(badge.text, /1 blocked/);

      // The rollback is recorded the other way round (a rolled-forward fix, or 1.9.0 on the new schema): 1.9.0 again.
      await deploy('1.9.0');
      assert.equal(rx.received.length, 2);
      assert.equal(rx.received[1].json.was, 'blocked');
      assert.equal(rx.received[1].json.now, 'independent');
      text = await metrics();
      assert.ok(
        Number.isNaN(
          gauge(text, 'rollgate_rollback_safety_pacticipants', 'environment="production",verdict="blocked"'),
        ),
      );
      assert.equal(
        gauge(text, 'rollgate_rollback_safety_pacticipants', 'environment="production",verdict="independent"'),
        1,
      );
      assert.match(text, /^rollgate_rollback_unknown_pairs\{environment="production"\} 0/m);
      const pb = await b.api.get('/badges/rollback/environments/production/pacticipants/payments', {
        accept: 'image/svg+xml',
      });
      assert.match(pb.text, /independent/);

      const page = await b.api.get('/ui/environments/production/safety', { accept: 'text/html' });
      assert.equal(page.status, 200);
      assert.match(page.text, /payments<\/strong> blocked →/);
      assert.match(page.text, /payments<\/strong> no-prior →/);
      const audit = (await b.api.get('/audit')).body._embedded.entries.map((e: { action: string }) => e.action);
      assert.equal(audit.filter((a: string) => a === 'rollback-safety.changed').length, 2);
    });

    it('a write that changes no verdict records nothing and fires nothing', async () => {
      assert.equal((await b.api.post('/environments', { name: 'production', production: true })).status, 201);
      await deploy('1.0.0');
      await deploy('1.1.0');
      await b.api.put('/pacticipants/payments/versions/1.1.0/tags/prod', {});
      await b.api.put('/pacticipants/payments/versions/3.0.0/migrations/later', { reversible: false });
      await backgroundSettled(b.deps.store);
      const api = await b.api.get('/rollback-safety/environments/production');
      assert.deepEqual(api.body.changes, []);
      assert.deepEqual(
        api.body.pacticipants.map((p: { verdict: string }) => p.verdict),
        ['independent'],
      );
      assert.equal((await b.api.get('/rollback-safety/environments/nowhere')).status, 404);
    });

    it('an evaluation stores only the verdicts that changed: none when nothing did', async () => {
      let td = b.td.environment('production');
      for (let i = 0; i < 12; i++)
        for (const v of ['1', '2']) td = td.deploy({ pacticipant: `svc-${i}`, version: v, environment: 'production' });
      await td;
      await backgroundSettled(b.deps.store);
      const [env] = await b.deps.store.read(() =>
        all<{ id: number }>("SELECT id FROM environments WHERE name = 'production'"),
      );
      const stored = async () =>
        b.deps.store.read(() => all<{ n: number }>('SELECT COUNT(*) AS n FROM rollback_safety'));
      assert.equal(Number((await stored())[0]!.n), 12, 'every service has its verdict');
      // Evaluated again with nothing changed: no verdict is written again.
      const statements: string[] = [];
      const store = delegatingStore(b.deps.store, {
        write: (program, options) =>
          b.deps.store.write(
            () =>
              observed(program(), (op) => {
                if (op.kind === 'run') statements.push(typeof op.sql === 'string' ? op.sql : op.sql.sqlite);
              }),
            options,
          ),
      });
      assert.equal(await evaluateEnvironment({ ...b.deps, store }, env!.id), 0);
      assert.deepEqual(
        statements.filter((sql) => /INSERT INTO rollback_safety \(/.test(sql)),
        [],
        `statements: ${statements.join('; ')}`,
      );
      assert.ok(statements.length > 0, 'the evaluation itself is recorded');
    });

    it('while evidence is still being computed, stores the verdicts and reasons the any-subset answer gives', async () => {
      // No evidence worker: a subsumption check stays queued, so a pair stays pending and no answer can be kept.
      const quiet = await startTestBroker({ adapter, config: { precompute: false, rollbackSafety: false } });
      try {
        await quiet.td
          .environment('production')
          .publishPact({ consumer: 'web', version: '1', provider: 'orders', pact: (p) => p.withGets('/a') })
          .publishPact({ consumer: 'web', version: '2', provider: 'orders', pact: (p) => p.withGets('/a', '/b') })
          .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
          .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
          .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
          .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
          .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
        const [a, x] = await quiet.deps.store.read(() =>
          all<{ id: number }>('SELECT id FROM pact_versions ORDER BY id'),
        );
        await quiet.deps.store.write(() =>
          enqueue(SUBSUME_JOB, `${a!.id}:${x!.id}`, { pactVersionId: a!.id, byPactVersionId: x!.id }),
        );
        const [env] = await quiet.deps.store.read(() =>
          all<{ id: number }>("SELECT id FROM environments WHERE name = 'production'"),
        );
        await evaluateEnvironment(quiet.deps, env!.id);

        const world = await quiet.deps.store.read(() => gatherRollbackWorld({ environment: 'production' }));
        assert.ok(
          world.evidence.some(isProvisional),
          'a pair is pending: the evaluation took the path that keeps no answer',
        );
        const answer = (await quiet.api.get('/can-i-rollback?environment=production')).body;
        const stored = await quiet.deps.store.read(() =>
          all<{ name: string; verdict: string; reason: string }>(
            `SELECT p.name, s.verdict, s.reason FROM rollback_safety s JOIN pacticipants p ON p.id = s.pacticipant_id
             ORDER BY p.name`,
          ),
        );
        assert.deepEqual(
          stored.map((r) => [r.name, r.verdict, r.reason]),
          answer.pacticipants
            .map((p: { name: string; verdict: string; reasons: { message: string }[] }) => [
              p.name,
              p.verdict,
              p.reasons[0]?.message ??
                (p.verdict === 'no-prior' ? 'nothing to roll back to yet' : 'can roll back on its own'),
            ])
            .sort((l: string[], r: string[]) => (l[0]! < r[0]! ? -1 : 1)),
        );
        assert.ok(
          stored.some((r) => r.verdict !== 'independent'),
          JSON.stringify(stored),
        );
      } finally {
        await quiet.destroy();
      }
    });

    it("leaves the environment's any-subset answer warm: the next can-i-rollback and page compute nothing", async () => {
      assert.equal((await b.api.post('/environments', { name: 'production', production: true })).status, 201);
      await deploy('1.0.0');
      await deploy('1.1.0');
      const spy = spyNamedReads(b.deps.store);
      const computed = spy.names;
      try {
        const api = await b.api.get('/can-i-rollback?environment=production');
        assert.equal(api.status, 200, api.text);
        const page = await b.api.get('/ui/environments/production', { accept: 'text/html' });
        assert.equal(page.status, 200);
        assert.deepEqual(computed, [], 'both were served from the answer the evaluation computed');
        const watched = (await b.api.get('/rollback-safety/environments/production')).body.pacticipants;
        assert.deepEqual(
          api.body.pacticipants.map((p: { name: string; verdict: string }) => [p.name, p.verdict]),
          watched.map((p: { name: string; verdict: string }) => [p.name, p.verdict]),
        );
        // A question the evaluation does not ask is computed as before.
        assert.equal((await b.api.get('/can-i-rollback?environment=production&pacticipant=payments')).status, 200);
        assert.deepEqual(computed, ['rollbackRead']);
      } finally {
        spy.restore();
      }
    });

    it('under a stream of writes evaluates an environment at most once per interval, the first write at once', async () => {
      const hourly = await startTestBroker({ adapter, config: { rollbackSafetyIntervalSeconds: 3600 } });
      try {
        assert.equal((await hourly.api.post('/environments', { name: 'production', production: true })).status, 201);
        const env = (await hourly.api.get('/environments?name=production')).body._embedded.environments[0].uuid;
        const deployHourly = async (pacticipant: string, version: string) => {
          assert.ok((await hourly.api.put(`/pacticipants/${pacticipant}/versions/${version}`, {})).status < 300);
          const res = await hourly.api.post(
            `/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${env}`,
            {},
          );
          assert.equal(res.status, 201, res.text);
        };
        // The first write is evaluated at once.
        await deployHourly('payments', '1.0.0');
        await settleEvidence(hourly.deps.store, 30_000);
        const first = (await hourly.api.get('/rollback-safety/environments/production')).body;
        assert.deepEqual(
          first.pacticipants.map((p: { name: string }) => p.name),
          ['payments'],
        );
        // The next ones within the hour: one evaluation waits, due an hour after the first began; nothing runs yet.
        await deployHourly('orders', '1.0.0');
        await deployHourly('web', '1.0.0');
        await settleEvidence(hourly.deps.store, 30_000, ['rollback-safety']);
        const queued = await hourly.deps.store.read(() =>
          all<{ run_after: string }>(`SELECT run_after FROM jobs WHERE kind = 'rollback-safety' AND status = 'queued'`),
        );
        assert.equal(queued.length, 1, 'the writes share one evaluation');
        const evaluatedAt = async () =>
          (
            await hourly.deps.store.read(() =>
              all<{ evaluated_at: string }>('SELECT evaluated_at FROM rollback_safety_environments'),
            )
          ).map((r) => r.evaluated_at);
        const [firstAt] = await evaluatedAt();
        const dueIn = Date.parse(queued[0].run_after) - Date.parse(firstAt);
        assert.ok(Math.abs(dueIn - 3_600_000) < 1_000, `due ${dueIn} ms after the first evaluation`);
        const later = (await hourly.api.get('/rollback-safety/environments/production')).body;
        assert.deepEqual(await evaluatedAt(), [firstAt], 'no second evaluation ran');
        assert.deepEqual(
          later.pacticipants.map((p: { name: string }) => p.name),
          ['payments'],
        );
      } finally {
        await hourly.destroy();
      }
    });
  });
}
