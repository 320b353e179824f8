/**
 * The version clean (issue 17): `rollgate clean` with the Pact Broker's keep selectors removes what no selector keeps,
 * and by construction never what can-i-rollback reads: every can-i-rollback answer of every environment is the same
 * after a clean, no row is left pointing at nothing, and a dry run lists exactly what a clean then removes.
 */
import assert from 'node:assert/strict';
import { run } from '../cli/support.ts';
import { orphanRows } from '../support/schema-tables.ts';
import { settleEvidence } from '../support/settle.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { buildHistory, ENVIRONMENTS, PACTICIPANTS } from '../transfer/history.ts';

/** Every can-i-rollback answer: each environment, any subset and each pacticipant (and `steps` when asked). */
async function rollbackAnswers(b: TestBroker, steps?: number) {
  await settleEvidence(b.deps.store);
  const out: Record<string, unknown> = {};
  for (const env of ENVIRONMENTS)
    for (const q of ['', ...PACTICIPANTS.map((p) => `&pacticipant=${p}`)]) {
      const path = `/can-i-rollback?environment=${env}${q}${steps ? `&steps=${steps}` : ''}`;
      const res = await b.api.get(path);
      out[path] = { status: res.status, body: JSON.parse(JSON.stringify(res.body).replaceAll(b.url, '')) };
    }
  return out;
}

const versionsOf = async (b: TestBroker, p: string) =>
  ((await b.api.get(`/pacticipants/${p}/versions?pageSize=100`)).body._embedded?.versions ?? []).map(
    (v: { number: string }) => v.number,
  );

for (const adapter of adapters()) {
  describe(`rollgate clean (${adapter})`, function () {
    this.timeout(120_000);
    let b: TestBroker;
    let database: string;
    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      database = b.database;
      await buildHistory(b);
      // (Without the history's webhook: its deliveries to nowhere would keep the queue busy.)
      for (const w of (await b.api.get('/webhooks')).body._embedded.webhooks)
        assert.equal((await b.api.delete(w._links.self.href.replace(b.url, ''))).status, 204);
      // Feature builds, never deployed: web f1..f4 on feat/y (f1 tagged), verified by checkout 4.
      await b.td.setNow('2026-02-20T10:00:00.000Z');
      for (const f of ['f1', 'f2', 'f3', 'f4'])
        await b.td
          .addDays(1)
          .publishPact({
            consumer: 'web',
            version: f,
            provider: 'checkout',
            branch: 'feat/y',
            tags: f === 'f1' ? ['demo'] : [],
          })
          .verify({ consumer: 'web', version: f, provider: 'checkout', providerVersion: '4', success: true });
      await b.td.realTime();
      await settleEvidence(b.deps.store);
    });
    afterEach(async () => b.destroy());

    const restart = async () => {
      await b.stop();
      const again = await startTestBroker({ database });
      b = { ...again, destroy: b.destroy } as TestBroker;
    };

    it('keeps every can-i-rollback answer of every environment, removes the rest, leaves nothing dangling', async () => {
      const before = await rollbackAnswers(b);
      const allBefore = await versionsOf(b, 'web');
      await b.stop();
      // No max_age and no plain "latest": everything not current, released, prior or a branch head may go.
      const keep = JSON.stringify([{ branch: true, latest: true }, { tag: 'demo' }]);
      const dry = await run(['clean', '--database', database, '--dry-run'], {
        ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS: keep,
      });
      assert.equal(dry.code, 0, dry.err);
      const listed = dry.out.split('\n').filter((l) => / \(created /.test(l));
      assert.ok(listed.includes(listed.find((l) => l.startsWith('web f2 '))!), dry.out);
      assert.ok(!listed.some((l) => /^web (f1|f4) /.test(l)), 'the tagged version and the branch head stay');
      const cleaned = await run(['clean', '--database', database], {
        ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS: keep,
        ROLLGATE_CLEAN_BATCH_SIZE: '2',
      });
      assert.equal(cleaned.code, 0, cleaned.err);
      assert.match(cleaned.out, new RegExp(`Removed ${listed.length} versions in \\d+ batches`));
      await restart();
      assert.deepEqual(await orphanRows(b.deps.store), []);
      const allAfter = await versionsOf(b, 'web');
      assert.deepEqual(
        allBefore.filter((v: string) => !allAfter.includes(v)).sort(),
        listed
          .filter((l) => l.startsWith('web '))
          .map((l) => l.split(' ')[1])
          .sort(),
        'exactly what the dry run listed went',
      );
      assert.ok(allAfter.includes('f1') && allAfter.includes('f4') && !allAfter.includes('f2'));
      assert.ok(listed.length >= 4, `a clean that removes something: ${listed.length}`);
      assert.deepEqual(await rollbackAnswers(b), before);
      const audit = await b.api.get('/audit?action=versions.cleaned');
      assert.match(JSON.stringify(audit.body), /versions removed by the clean/);
      // A second clean finds nothing more.
      await b.stop();
      const twice = await run(['clean', '--database', database], { ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS: keep });
      assert.match(twice.out, /Removed 0 versions/);
      await restart();
    });

    it('with ROLLGATE_CLEAN_KEEP_DEPLOYMENT_HISTORY keeps every deployed version (answers with --steps stay too); --limit bounds a run', async () => {
      const before = await rollbackAnswers(b, 2);
      await b.stop();
      const env = {
        ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS: '{"branch":true,"latest":true}',
        ROLLGATE_CLEAN_KEEP_DEPLOYMENT_HISTORY: 'true',
      };
      const limited = await run(['clean', '--database', database, '--limit', '1'], env);
      assert.match(limited.out, /Removed 1 versions/);
      const rest = await run(['clean', '--database', database], env);
      assert.equal(rest.code, 0, rest.err);
      await restart();
      assert.deepEqual(await orphanRows(b.deps.store), []);
      assert.deepEqual(await versionsOf(b, 'payments'), ['4', '3', '2', '1'], 'every deployed version stays');
      assert.deepEqual(await rollbackAnswers(b, 2), before);
    });

    it('refuses keep selectors the Pact Broker would not take, naming the selector and key', async () => {
      await b.stop();
      const bad = await run(['clean', '--database', database, '--keep', '[{"branch":"main","colour":"red"}]']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS\[0\]: unknown key "colour"/);
      const json = await run(['clean', '--database', database], { ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS: '[{' });
      assert.equal(json.code, 2);
      assert.match(json.err, /is not JSON/);
      await restart();
    });

    it('runs in the background when enabled, with the same rules', async () => {
      await b.stop();
      const bg = await startTestBroker({
        database,
        config: { cleanEnabled: true, cleanKeepVersionSelectors: '[{"branch":true,"latest":true}]' },
      });
      try {
        const before = await rollbackAnswers(bg);
        const report = await bg.maintenance.runClean();
        assert.ok(report && report.versions > 0, JSON.stringify(report));
        assert.deepEqual(await rollbackAnswers(bg), before);
        assert.deepEqual(await orphanRows(bg.deps.store), []);
      } finally {
        await bg.stop();
      }
      await restart();
    });
  });
}
