/**
 * The pacticipant and matrix pages at 300 services (issue 19), in Chromium, on the scale issue's organisation
 * (test/ui/large-world-pacticipant.ts): every figure the pages show is checked against the HTTP API's answer, each
 * page is timed (server time under 500 ms, warm) and axe-core finds no accessibility violation.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { recordVerificationRequest } from '../../broker/src/webhooks/repository.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { settleEvidence } from '../support/settle.ts';
import { adapters, type TestBroker } from '../support/test-broker.ts';
import { startLargeWorld } from './large-world-pacticipant.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HUB = 'svc-00000';
const CONSUMER = 'svc-00001';
const BUDGET_MS = 500;

type Json = Record<string, any>;

// SQLite only, as the other browser tests of whole pages: building this world and letting the evidence planner run over
// it costs about 2 minutes of CPU per store, and the page's reads run on PostgreSQL in the smaller feature tests.
for (const adapter of adapters().filter((a) => a === 'sqlite')) {
  describe(`[${adapter}] pacticipant and matrix pages at 300 services (issue 19)`, function () {
    this.timeout(900_000);
    let broker: TestBroker;
    let browser: Browser;
    let page: Page;
    const api = async (path: string): Promise<Json> => {
      const r = await broker.api.get(path);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body;
    };
    const timings: { path: string; ms: number; kB: number }[] = [];

    before(async function () {
      if (!existsSync(CHROMIUM)) {
        console.warn(`      skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
        this.skip();
      }
      ({ broker } = await startLargeWorld(adapter));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    });

    after(async () => {
      if (timings.length)
        console.log(
          `      server time (median of 3 warm requests, load ${loadavg()[0].toFixed(1)}): ${timings.map((t) => `${t.path} ${t.ms} ms ${t.kB} kB`).join('; ')}`,
        );
      await browser?.close();
      await broker?.destroy();
    });

    /** Opens a page in the browser, after timing it (the median of three requests once warm) and runs axe on it. */
    const open = async (path: string) => {
      await fetch(broker.url + path, { headers: { accept: 'text/html' } });
      const times: number[] = [];
      let kB = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = await fetch(broker.url + path, { headers: { accept: 'text/html' } });
        kB = Math.round((await r.text()).length / 1024);
        times.push(performance.now() - started);
      }
      const ms = Math.round(times.sort((a, b) => a - b)[1]!);
      timings.push({ path, ms, kB });
      assert.ok(ms < BUDGET_MS, `${path}: ${ms} ms (budget ${BUDGET_MS} ms)`);
      const res = await page.goto(broker.url + path, { waitUntil: 'load' });
      assert.equal(res?.status(), 200, path);
      await page.evaluate(axe.source); // through the DevTools protocol: the page's CSP forbids inline scripts
      const violations = await page.evaluate(async () => {
        const r = await (
          window as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }
        ).axe.run();
        return r.violations.map((v) => v.id);
      });
      assert.deepEqual(violations, [], `${path}: axe-core violations`);
    };

    const liveVersions = async (pacticipant: string) => {
      const out = new Map<string, string[]>(); // environment -> versions
      for (const e of (await api('/environments'))._embedded.environments) {
        const d = await api(`/environments/${e.uuid}/deployed-versions/currently-deployed?pacticipant=${pacticipant}`);
        out.set(
          e.name,
          d._embedded.deployedVersions.map((x: Json) => x._embedded.version.number),
        );
      }
      return out;
    };
    const pairVerdict = async (consumer: string, cv: string, provider: string, pv: string) => {
      const m = await api(
        `/matrix?q[][pacticipant]=${consumer}&q[][version]=${cv}&q[][pacticipant]=${provider}&q[][version]=${pv}&latestby=cvpv`,
      );
      const rank = { compatible: 0, unknown: 1, incompatible: 2 } as Record<string, number>;
      const rows = m.matrix.filter((r: Json) => r.provider.version?.number === pv);
      assert.ok(rows.length, `the matrix API has a row for ${consumer} ${cv} → ${provider} ${pv}`);
      return rows.reduce((w: Json, r: Json) => (rank[r.verdict]! > rank[w.verdict]! ? r : w));
    };

    it("the hub's page: its consumers with their state per environment, as the matrix API decides them", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const consumers = new Set<string>();
      for (let n = 1; ; n++) {
        const i = await api(`/integrations?page=${n}&size=1000`);
        for (const x of i._embedded.integrations) if (x.provider.name === HUB) consumers.add(x.consumer.name);
        if (n >= i.page.totalPages) break;
      }
      const rows = page.locator('section[aria-labelledby="h-consumers"] tr[data-name]');
      const names = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-name')!));
      assert.deepEqual([...names].sort(), [...consumers].sort());
      // Worst first: no row follows one in a better state (incompatible anywhere, then unknown, then the rest).
      const rank = await rows.evaluateAll((r) =>
        r.map((x) => {
          const states = Array.from(x.querySelectorAll('td.state')).map((td) => td.getAttribute('data-verdict'));
          return states.includes('incompatible') ? 2 : states.includes('unknown') ? 1 : 0;
        }),
      );
      assert.deepEqual(
        rank,
        [...rank].sort((a, b) => b - a),
      );
      assert.ok(consumers.size > 60, `the hub has ${consumers.size} consumers`);
      const hubLive = await liveVersions(HUB);
      const envs = [...hubLive.keys()];
      // A sample of consumers (every 8th), every environment.
      for (const c of [...consumers].sort().filter((_, i) => i % 8 === 0)) {
        const cLive = await liveVersions(c);
        const cells = page.locator(`section[aria-labelledby="h-consumers"] tr[data-name="${c}"] td.state`);
        for (const [k, env] of envs.entries()) {
          const cell = cells.nth(k);
          const [cv] = cLive.get(env)!;
          const [pv] = hubLive.get(env)!;
          if (!cv || !pv) {
            assert.equal(await cell.getAttribute('data-verdict'), 'not-deployed', `${c} in ${env}`);
            continue;
          }
          const want = await pairVerdict(c, cv, HUB, pv);
          assert.equal(await cell.getAttribute('data-verdict'), want.verdict, `${c} ${cv} → ${HUB} ${pv} in ${env}`);
          assert.equal(await cell.getAttribute('data-evidence'), want.evidence, `${c} ${cv} → ${HUB} ${pv} in ${env}`);
          assert.match(
            (await cell.textContent())!,
            new RegExp(`${cv.replace(/\./g, '\\.')} → ${pv.replace(/\./g, '\\.')}`),
          );
          if (want.evidence === 'verification')
            assert.match((await cell.textContent())!, /last verified \d{4}-\d\d-\d\d \d\d:\d\d (passed|failed) by /);
        }
      }
    });

    it("the hub's page: the services that depend on it, per hop, as the integrations API links them", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const consumersOf = new Map<string, string[]>();
      for (let n = 1; ; n++) {
        const i = await api(`/integrations?page=${n}&size=1000`);
        for (const x of i._embedded.integrations)
          consumersOf.set(x.provider.name, [...(consumersOf.get(x.provider.name) ?? []), x.consumer.name]);
        if (n >= i.page.totalPages) break;
      }
      const hop = new Map<string, number>([[HUB, 0]]);
      let frontier = [HUB];
      for (let h = 1; frontier.length; h++) {
        const next: string[] = [];
        for (const s of frontier)
          for (const c of consumersOf.get(s) ?? [])
            if (!hop.has(c)) {
              hop.set(c, h);
              next.push(c);
            }
        frontier = next;
      }
      hop.delete(HUB);
      assert.equal(Number(await page.locator('[data-dependant-total]').textContent()), hop.size);
      const indirect = [...hop.values()].filter((h) => h >= 2).length;
      assert.ok(indirect > 0, 'the hub has indirect dependants');
      for (const h of [1, 2, 3]) {
        const want = [...hop.values()].filter((x) => x === h).length;
        if (!want) continue;
        assert.equal(Number(await page.locator(`li[data-hop="${h}"]`).getAttribute('data-count')), want, `hop ${h}`);
      }
      const further = [...hop.values()].filter((x) => x > 3).length;
      assert.equal(await page.locator('li[data-hop="further"]').count(), further ? 1 : 0);
    });

    it("the hub's page: its own rollback verdict per environment, the API's (detail=summary)", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const envs = (await api('/environments'))._embedded.environments.map((e: Json) => e.name);
      let shown = 0;
      for (const env of envs) {
        const s = await api(`/can-i-rollback?environment=${env}&detail=summary`);
        const mine = s.pacticipants.find((p: Json) => p.name === HUB);
        const li = page.locator(`ul[data-rollback] > li[data-environment="${env}"]`);
        if (!mine) {
          assert.equal(await li.count(), 0, env);
          continue;
        }
        shown++;
        assert.equal(await li.getAttribute('data-verdict'), mine.verdict, env);
        assert.match((await li.textContent())!, new RegExp(mine.verdict));
        if (mine.requires.length)
          assert.equal(Number(await li.locator('[data-requires]').textContent()), mine.requires.length, env);
        if (mine.conflictsWith.length)
          assert.equal(Number(await li.locator('[data-conflicts]').textContent()), mine.conflictsWith.length, env);
        if (mine.reasons.length) {
          assert.equal(Number(await li.locator('[data-reasons]').textContent()), mine.reasons.length, env);
          await li.locator('details summary').click();
          assert.ok((await li.locator('details li').count()) <= 8, 'the reasons are capped');
        }
      }
      assert.equal(shown, envs.length, 'the hub runs in every environment');
    });

    it("the hub's page: versions are paged as the versions API pages them; page 2 works", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const p1 = await api(`/pacticipants/${HUB}/versions?page=1&size=20`);
      assert.equal(Number(await page.locator('[data-version-total]').textContent()), p1.page.totalElements);
      await page.getByRole('link', { name: 'Older versions' }).click();
      await page.waitForURL(/page=2/);
      const p2 = await api(`/pacticipants/${HUB}/versions?page=2&size=20`);
      assert.equal(await page.locator('[data-page]').textContent(), '2');
      assert.deepEqual(
        await page.locator('table[data-versions] tbody tr td:first-child').allTextContents(),
        p2._embedded.versions.map((v: Json) => v.number),
      );
      await open(`/ui/pacticipants/${HUB}?page=2`);
    });

    it("the hub's page: each deployed version's pacts against the version deployed there before, with diff links", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const hubLive = await liveVersions(HUB);
      let checked = 0;
      for (const [env, [version]] of hubLive) {
        if (!version) continue;
        const li = page.locator(`ul[data-live] > li[data-environment="${env}"]`);
        const before = await li.getAttribute('data-previous');
        if (!before) continue;
        for (const change of await li.locator('[data-pact-change]').all()) {
          const kind = await change.getAttribute('data-pact-change');
          const provider = /pact with (\S+)/.exec((await change.textContent())!)![1]!;
          if (kind !== 'changed' && kind !== 'unchanged') continue;
          const a = await api(`/pacts/provider/${provider}/consumer/${HUB}/version/${before}`);
          const b = await api(`/pacts/provider/${provider}/consumer/${HUB}/version/${version}`);
          assert.equal(
            JSON.stringify(a.interactions) === JSON.stringify(b.interactions),
            kind === 'unchanged',
            `${HUB} ${before} → ${version} with ${provider}`,
          );
          if (kind === 'changed') {
            const href = await change.locator('a').getAttribute('href');
            assert.equal(href, `/ui/pacts/provider/${provider}/consumer/${HUB}/diff?from=${before}&to=${version}`);
            checked++;
          }
        }
      }
      assert.ok(checked > 0, 'at least one live version changed a pact since the version before it');
      const link = page.locator('[data-pact-change="changed"] a').first();
      await link.click();
      await page.waitForURL(/\/diff\?from=/);
      assert.ok((await page.locator('main').textContent())!.length > 0);
    });

    it("matrix: pages past 30 versions, each cell the matrix API's verdict", async () => {
      const pair = await api(`/matrix/provider/${HUB}/consumer/${CONSUMER}`);
      const versions: string[] = [];
      for (const r of pair.matrix)
        if (!versions.includes(r.consumer.version.number)) versions.push(r.consumer.version.number);
      const byNewest = (await api(`/pacticipants/${CONSUMER}/versions?page=1&size=100`))._embedded.versions.map(
        (v: Json) => v.number,
      );
      const withPact = byNewest.filter((v: string) => versions.includes(v));
      assert.ok(withPact.length > 30, `${withPact.length} versions with a pact`);
      const path = `/ui/matrix/provider/${HUB}/consumer/${CONSUMER}?limit=30`;
      await open(path);
      const rowNames = () => page.locator('table.matrix tbody th[scope="row"] code').allTextContents();
      assert.deepEqual(await rowNames(), withPact.slice(0, 30));
      assert.match(
        (await page.locator('[data-rows-range]').first().textContent())!,
        new RegExp(`1–30 of ${withPact.length}$`),
      );
      await page.locator('[data-next-rows]').first().click();
      await page.waitForURL(/page=2/);
      assert.deepEqual(await rowNames(), withPact.slice(30, 60));
      await open(`${path}&page=2`);
      // The first row of page 2, cell by cell, against the API.
      const row = page.locator('table.matrix tbody tr').first();
      const cv = (await row.locator('th code').textContent())!;
      const columns = await page.locator('table.matrix thead th code').allTextContents();
      const cells = row.locator('td.cell');
      for (const [k, pv] of columns.entries()) {
        const want = await pairVerdict(CONSUMER, cv, HUB, pv);
        assert.equal(await cells.nth(k).getAttribute('data-verdict'), want.verdict, `${cv} × ${pv}`);
      }
    });

    it('matrix: filters to unknown pairs and to deployed versions, and says when a verification was requested', async () => {
      const consumerLive = [...new Set([...(await liveVersions(CONSUMER)).values()].flat())];
      const hubLive = [...new Set([...(await liveVersions(HUB)).values()].flat())];
      await open(`/ui/matrix/provider/${HUB}/consumer/${CONSUMER}?live=1`);
      const rows = await page.locator('table.matrix tbody th[scope="row"] code').allTextContents();
      const cols = await page.locator('table.matrix thead th code').allTextContents();
      assert.deepEqual(new Set(rows), new Set(consumerLive));
      assert.deepEqual(new Set(cols), new Set(hubLive));
      // Unknown only: every row and column left has an unknown cell, and no unknown cell of the page is lost.
      await open(`/ui/matrix/provider/${HUB}/consumer/${CONSUMER}`);
      const unknownBefore = await page.locator('td.cell[data-verdict="unknown"]').count();
      assert.ok(unknownBefore > 0, 'the page has unknown pairs');
      await page.getByLabel('Cells').selectOption('unknown');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/state=unknown/);
      assert.equal(await page.locator('td.cell[data-verdict="unknown"]').count(), unknownBefore);
      for (const tr of await page.locator('table.matrix tbody tr').all())
        assert.ok((await tr.locator('td.cell[data-verdict="unknown"]').count()) > 0);
      // A verification requested for one unknown pair (as the readiness webhook records it) shows in its cell.
      const first = page.locator('td.cell[data-verdict="unknown"]').first();
      const text = (await first.locator('.sr-only').textContent())!;
      const [, cv, pv] = new RegExp(`: ${CONSUMER} (\\S+) with ${HUB} (\\S+)$`).exec(text)!;
      await broker.deps.store.write(function* () {
        const [ids] = yield* all<{ pact_version_id: number; provider_version_id: number }>(
          `SELECT pp.pact_version_id, pv.id AS provider_version_id FROM pact_publications pp
           JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = cv.pacticipant_id
           JOIN pacticipants p ON p.id = pp.provider_id JOIN versions pv ON pv.pacticipant_id = p.id
           WHERE c.name = ? AND cv.number = ? AND p.name = ? AND pv.number = ? ORDER BY pp.revision DESC`,
          [CONSUMER, cv!, HUB, pv!],
        );
        yield* recordVerificationRequest(ids!.pact_version_id, ids!.provider_version_id, 'deployment');
      });
      const pair = await api(
        `/matrix?q[][pacticipant]=${CONSUMER}&q[][version]=${cv}&q[][pacticipant]=${HUB}&q[][version]=${pv}&latestby=cvpv`,
      );
      assert.equal(pair.matrix.find((r: Json) => r.provider.version?.number === pv)?.verdict ?? 'unknown', 'unknown');
      await open(`/ui/matrix/provider/${HUB}/consumer/${CONSUMER}?state=unknown`);
      const cell = page.locator('td.cell', {
        has: page.locator('.sr-only', { hasText: `${CONSUMER} ${cv} with ${HUB} ${pv}` }),
      });
      assert.match(
        (await cell.locator('.requested').textContent())!,
        /^verification requested at \d{4}-\d\d-\d\d \d\d:\d\d$/,
      );
    });

    it("the hub's page: an unknown live pair says when its verification was requested", async () => {
      await open(`/ui/pacticipants/${HUB}`);
      const cell = page.locator('section[aria-labelledby="h-consumers"] td.state[data-verdict="unknown"]').first();
      const consumer = (await cell.locator('xpath=..').getAttribute('data-name'))!;
      const [, cv, pv] = /^(\S+) → (\S+)$/.exec((await cell.locator('[data-pair]').textContent())!)!;
      assert.equal(await cell.locator('[data-requested-at]').count(), 0);
      const want = (await pairVerdict(consumer, cv!, HUB, pv!)).verdict;
      assert.equal(want, 'unknown', `${consumer} ${cv} → ${HUB} ${pv}`);
      await broker.deps.store.write(function* () {
        const [ids] = yield* all<{ pact_version_id: number; provider_version_id: number }>(
          `SELECT pp.pact_version_id, pv.id AS provider_version_id FROM pact_publications pp
           JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = cv.pacticipant_id
           JOIN pacticipants p ON p.id = pp.provider_id JOIN versions pv ON pv.pacticipant_id = p.id
           WHERE c.name = ? AND cv.number = ? AND p.name = ? AND pv.number = ? ORDER BY pp.revision DESC`,
          [consumer, cv!, HUB, pv!],
        );
        yield* recordVerificationRequest(ids!.pact_version_id, ids!.provider_version_id, 'deployment');
      });
      await open(`/ui/pacticipants/${HUB}`);
      const again = page.locator(`section[aria-labelledby="h-consumers"] tr[data-name="${consumer}"] td.state`, {
        hasText: `${cv} → ${pv}`,
      });
      assert.match(
        (await again.first().locator('[data-requested-at]').textContent())!,
        /^verification requested at \d{4}-\d\d-\d\d \d\d:\d\d$/,
      );
    });

    it('bad input: a state the matrix does not know is a 400 naming it; an unknown service a 404; a page past the end the last', async () => {
      const bad = await fetch(`${broker.url}/ui/matrix/provider/${HUB}/consumer/${CONSUMER}?state=maybe`, {
        headers: { accept: 'text/html' },
      });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /state: must be unknown, incompatible or compatible/);
      const missing = await fetch(`${broker.url}/ui/pacticipants/svc-99999`, { headers: { accept: 'text/html' } });
      assert.equal(missing.status, 404);
      await open(`/ui/pacticipants/${HUB}?page=999`);
      const total = (await api(`/pacticipants/${HUB}/versions?page=1&size=20`)).page.totalPages;
      assert.equal(await page.locator('[data-page]').textContent(), String(total));
      await open(`/ui/matrix/provider/${HUB}/consumer/${CONSUMER}?page=x&columns=-1`);
      assert.match((await page.locator('[data-rows-range]').first().textContent())!, / 1–10 of /);
    });

    it('names and versions do not wrap mid-token, even long ones in a narrow window', async () => {
      const long = '2.0.0-rc.20261206.build.0123456789abcdef0123456789abcdef';
      await broker.td.publishPact({
        consumer: CONSUMER,
        version: long,
        provider: HUB,
        pact: (b) => b.withInteraction({ description: 'a long version', path: '/resources/0' }),
      });
      // The publish's background work (evidence planning, comparisons, the environments' rollback-safety evaluations)
      // done first: the budget is the page's, and a page asked while a 300-service world is re-evaluated waits behind
      // that work (a run in parallel with the suite at load 8.7 measured 561 ms against 10-20 alone).
      await settleEvidence(broker.deps.store, 120_000);
      await page.setViewportSize({ width: 700, height: 900 });
      try {
        await open(`/ui/matrix/provider/${HUB}/consumer/${CONSUMER}`);
        const lines = async (selector: string) =>
          page
            .locator(selector)
            .first()
            .evaluate((el) => el.getClientRects().length);
        const code = `table.matrix tbody th code:text-is("${long}")`;
        assert.equal(await page.locator(code).count(), 1);
        assert.equal(await lines(code), 1, 'the long version is on one line');
        assert.equal(await lines('table.matrix thead th code'), 1);
        await open(`/ui/pacticipants/${CONSUMER}`);
        assert.equal(await lines(`table[data-versions] code:text-is("${long}")`), 1);
        assert.equal(await lines(`section[aria-labelledby="h-providers"] a.nowrap:text-is("${HUB}")`), 1);
      } finally {
        await page.setViewportSize({ width: 1600, height: 1000 });
      }
    });
  });
}
