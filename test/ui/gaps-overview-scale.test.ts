/**
 * Issue 19 in Chromium on a 300-service organisation (bench/gate/synthetic-org.ts `buildRealOrg`): the evidence-gaps
 * page and its exports, and the overview's integrations (state per environment, filters, sorting, paging) with main
 * first among branches. Every expected number comes from the can-i-rollback API, never from this file. Each page
 * answers within its budget and passes axe-core with no violation.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import axeCore from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { recordVerificationRequest } from '../../broker/src/webhooks/repository.ts';
import { all, get } from '../../broker/src/storage/sql.ts';
import type { TestBroker } from '../support/test-broker.ts';
import { adapters } from '../support/test-broker.ts';
import { startLargeWorld } from './large-world.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** axe-core's own source, run in the page. */
const AXE = axeCore.source;
const ENV = 'development';
/** Time budget of a page (the best of three, so a busy machine's pauses are not counted) and its size. */
const BUDGET_MS = 500;
const BUDGET_BYTES = 200_000;

interface Warning {
  consumer: { name: string; version: string };
  provider: { name: string; version: string };
  verdict: 'incompatible' | 'unknown';
  verificationRequestedAt?: string;
}

interface GapJson {
  state: string;
  evidence: string;
  provider: string;
  providerVersion: string;
  consumer: string;
  consumerVersion: string;
  verificationRequestedAt: string | null;
  matrix: string;
  pact: string;
}

const pairKey = (c: string, cv: string, p: string, pv: string, state: string) => [c, cv, p, pv, state].join(' ');

/** RFC 4180 CSV, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

for (const adapter of adapters()) {
  describe(`[${adapter}] evidence gaps and the overview at 300 services (issue 19)`, function () {
    this.timeout(240_000);
    let broker: TestBroker;
    let browser: Browser;
    let page: Page;
    /** The environment's broken pairs as can-i-rollback lists them ("already broken" warnings). */
    let warnings: Warning[];

    before(async function () {
      if (!existsSync(CHROMIUM)) {
        console.warn(`      skipped: no Chromium at ${CHROMIUM}`);
        this.skip();
      }
      ({ broker } = await startLargeWorld(adapter));
      warnings = (await broker.api.get(`/can-i-rollback?environment=${ENV}`)).body.warnings;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    });

    after(async () => {
      await browser?.close();
      await broker?.destroy();
    });

    const open = async (path: string) => {
      const res = await page.goto(broker.url + path, { waitUntil: 'load' });
      assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
    };

    const axe = async (what: string) => {
      // Through the DevTools protocol: the pages' Content-Security-Policy refuses inline scripts, and stays on.
      await page.evaluate(AXE);
      const result = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe.run();
        return r.violations as { id: string; nodes: { target: string[] }[] }[];
      });
      assert.deepEqual(
        result.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`),
        [],
        `${what}: axe-core violations`,
      );
    };

    const exportJson = async (query = '') => {
      const res = await fetch(`${broker.url}/ui/environments/${ENV}/gaps?format=json${query}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      return (await res.json()) as { total: number; counts: Record<string, number>; rows: GapJson[] };
    };

    it('the world has both kinds of gap in development (else nothing below is tested)', () => {
      assert.ok(warnings.some((w) => w.verdict === 'incompatible'));
      assert.ok(warnings.some((w) => w.verdict === 'unknown'));
    });

    it("gaps: incompatible before unknown, grouped by provider with can-i-rollback's counts", async () => {
      await open(`/ui/environments/${ENV}/gaps`);
      const incompatible = warnings.filter((w) => w.verdict === 'incompatible').length;
      const unknown = warnings.length - incompatible;
      assert.match(
        (await page.locator('[data-summary]').textContent())!,
        new RegExp(`${incompatible} incompatible, ${unknown} unknown`),
      );
      // Sections in order: incompatible, then unknown.
      const states = await page.locator('section.gaps').evaluateAll((s) => s.map((x) => x.getAttribute('data-state')));
      assert.deepEqual(states, ['incompatible', 'unknown']);
      assert.equal(await page.locator('#gaps-incompatible').textContent(), `Incompatible (${incompatible})`);
      assert.equal(await page.locator('#gaps-unknown').textContent(), `Unknown: no evidence (${unknown})`);
      // Each provider group says how many pairs of that provider are in that state, on every page.
      const expected = new Map<string, number>();
      for (const w of warnings) {
        const k = `${w.verdict} ${w.provider.name}`;
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
      const groups = await page.locator('section.gaps tbody').evaluateAll((ts) =>
        ts.map((t) => ({
          state: t.closest('section')!.getAttribute('data-state'),
          provider: t.getAttribute('data-provider'),
          count: Number(t.getAttribute('data-count')),
          rows: t.querySelectorAll('tr[data-consumer]').length,
        })),
      );
      assert.ok(groups.length > 1);
      const providersSeen = groups.filter((g) => g.state === 'incompatible').map((g) => g.provider!);
      assert.deepEqual(providersSeen, [...providersSeen].sort(), 'providers in name order');
      for (const g of groups) {
        assert.equal(g.count, expected.get(`${g.state} ${g.provider}`), `${g.state} ${g.provider}`);
        assert.ok(g.rows <= g.count);
      }
      // The rows themselves are the API's broken pairs.
      const wanted = new Set(
        warnings.map((w) =>
          pairKey(w.consumer.name, w.consumer.version, w.provider.name, w.provider.version, w.verdict),
        ),
      );
      const all = await exportJson();
      assert.equal(all.total, warnings.length);
      assert.deepEqual(
        new Set(all.rows.map((r) => pairKey(r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.state))),
        wanted,
      );
      // Links: the matrix of the pair in the environment, and the pact.
      const first = page.locator('section.gaps tr[data-consumer]').first();
      const consumer = (await first.getAttribute('data-consumer'))!;
      await first.getByRole('link', { name: /^matrix of/ }).click();
      await page.waitForURL(new RegExp(`/ui/matrix/provider/[^/]+/consumer/${consumer}\\?environment=${ENV}$`));
      await page.goBack();
      await page
        .locator('section.gaps tr[data-consumer]')
        .first()
        .getByRole('link', { name: /^pact of/ })
        .click();
      await page.waitForURL(new RegExp(`/ui/pacts/provider/[^/]+/consumer/${consumer}/version/`));
      assert.equal(await page.locator('h1').count(), 1);
    });

    it('gaps: filters by provider, consumer and state, as a form that works without JavaScript', async () => {
      await open(`/ui/environments/${ENV}/gaps`);
      const provider = warnings.find((w) => w.verdict === 'unknown')!.provider.name;
      await page.getByLabel('Provider').selectOption(provider);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/provider=/);
      const count = warnings.filter((w) => w.provider.name === provider).length;
      assert.equal(Number(await page.locator('[data-total]').getAttribute('data-total')), count);
      const providers = await page
        .locator('section.gaps tbody')
        .evaluateAll((ts) => ts.map((t) => t.getAttribute('data-provider')));
      assert.ok(providers.length >= 1 && providers.every((p) => p === provider));
      await page.getByLabel('State').selectOption('unknown');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/state=unknown/);
      assert.equal(await page.locator('section.gaps[data-state="incompatible"]').count(), 0);
      assert.equal(
        Number(await page.locator('[data-total]').getAttribute('data-total')),
        warnings.filter((w) => w.provider.name === provider && w.verdict === 'unknown').length,
      );
      const consumer = warnings.find((w) => w.verdict === 'incompatible')!.consumer.name;
      await open(`/ui/environments/${ENV}/gaps?consumer=${encodeURIComponent(consumer)}`);
      const consumers = await page
        .locator('section.gaps tr[data-consumer]')
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-consumer')));
      assert.equal(consumers.length, warnings.filter((w) => w.consumer.name === consumer).length);
      assert.ok(consumers.every((c) => c === consumer));
      // A state that does not exist is a 400 naming the parameter, not an empty page.
      const bad = await fetch(`${broker.url}/ui/environments/${ENV}/gaps?state=broken&format=json`);
      assert.equal(bad.status, 400);
      assert.deepEqual((await bad.json()).errors, { state: ['must be one of incompatible, unknown'] });
      assert.equal(
        (await fetch(`${broker.url}/ui/environments/nowhere/gaps`, { headers: { accept: 'text/html' } })).status,
        404,
      );
    });

    it('gaps: the CSV and JSON exports parse and hold the same rows, filters applied', async () => {
      const provider = warnings.find((w) => w.verdict === 'incompatible')!.provider.name;
      for (const query of ['', `&provider=${encodeURIComponent(provider)}`]) {
        const json = await exportJson(query);
        const res = await fetch(`${broker.url}/ui/environments/${ENV}/gaps?format=csv${query}`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
        assert.equal(res.headers.get('content-disposition'), `attachment; filename="evidence-gaps-${ENV}.csv"`);
        const [header, ...rows] = parseCsv(await res.text());
        assert.deepEqual(header, [
          'state',
          'evidence',
          'provider',
          'providerVersion',
          'consumer',
          'consumerVersion',
          'verificationRequestedAt',
          'matrix',
          'pact',
        ]);
        const fromJson = json.rows.map((r) => header!.map((h) => String(r[h as keyof GapJson] ?? '')));
        assert.deepEqual(rows, fromJson);
        assert.equal(
          rows.length,
          query ? warnings.filter((w) => w.provider.name === provider).length : warnings.length,
        );
      }
      // The page offers the export of what it shows.
      await open(`/ui/environments/${ENV}/gaps?provider=${encodeURIComponent(provider)}`);
      assert.match(
        (await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!,
        /provider=.*format=csv|format=csv.*provider=/,
      );
    });

    it('gaps: says when a verification was requested, as can-i-rollback does', async () => {
      const w = warnings.find((x) => x.verdict === 'unknown')!;
      const { store } = broker.deps;
      await store.write(function* () {
        const ids = yield* get<{ pact_version_id: number; provider_version_id: number }>(
          `SELECT pp.pact_version_id, pv.id AS provider_version_id FROM pact_publications pp
           JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = cv.pacticipant_id
           JOIN pacticipants p ON p.id = pp.provider_id JOIN versions pv ON pv.pacticipant_id = p.id
           WHERE c.name = ? AND cv.number = ? AND p.name = ? AND pv.number = ?`,
          [w.consumer.name, w.consumer.version, w.provider.name, w.provider.version],
        );
        yield* recordVerificationRequest(ids!.pact_version_id, ids!.provider_version_id, 'deployment');
      });
      const api: Warning[] = (await broker.api.get(`/can-i-rollback?environment=${ENV}`)).body.warnings;
      const asked = api.filter((x) => x.verificationRequestedAt);
      assert.equal(asked.length, 1);
      await open(
        `/ui/environments/${ENV}/gaps?provider=${encodeURIComponent(w.provider.name)}&consumer=${encodeURIComponent(w.consumer.name)}&state=unknown`,
      );
      const row = page.locator('tr[data-consumer]', { has: page.locator('[data-requested]') });
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('time').getAttribute('datetime'), asked[0]!.verificationRequestedAt);
      assert.match((await row.textContent())!, /requested at/);
      const json = await exportJson();
      assert.deepEqual(
        json.rows
          .filter((r) => r.verificationRequestedAt)
          .map((r) => [r.consumer, r.provider, r.verificationRequestedAt]),
        [[w.consumer.name, w.provider.name, asked[0]!.verificationRequestedAt]],
      );
    });

    it("overview: integrations with their state per environment, worst first, paged, with can-i-rollback's counts", async () => {
      await open('/ui/');
      const integrations = await broker.deps.store.read(() =>
        all<{ n: number }>(
          'SELECT COUNT(*) AS n FROM (SELECT DISTINCT consumer_id, provider_id FROM pact_publications) x',
        ),
      );
      assert.match(
        (await page.locator('[data-integrations-total]').textContent())!,
        new RegExp(`of ${integrations[0]!.n} integrations`),
      );
      const rows = page.locator('table.integrations tbody tr');
      assert.equal(await rows.count(), 50);
      // Worst first: every incompatible integration before any other.
      const worst = await rows.evaluateAll((rs) =>
        rs.map((r) => {
          const states = Array.from(r.querySelectorAll('td[data-state]')).map((td) => td.getAttribute('data-state'));
          return states.includes('incompatible')
            ? 0
            : states.includes('unknown')
              ? 1
              : states.includes('compatible')
                ? 2
                : 3;
        }),
      );
      assert.deepEqual(
        worst,
        [...worst].sort((a, b) => a - b),
      );
      assert.equal(worst[0], 0);
      // In development, the integrations with an incompatible pair are the API's incompatible warnings.
      const incompatible = new Set(
        warnings.filter((w) => w.verdict === 'incompatible').map((w) => `${w.consumer.name} ${w.provider.name}`),
      );
      await open(`/ui/?state=incompatible&stateIn=${ENV}`);
      assert.equal(
        Number(await page.locator('[data-integrations-total]').getAttribute('data-integrations-total')),
        incompatible.size,
      );
      const listed = await rows.evaluateAll((rs) =>
        rs.map((r) => `${r.getAttribute('data-consumer')} ${r.getAttribute('data-provider')}`),
      );
      assert.deepEqual(new Set(listed), incompatible);
      const unknownOnly = new Set(
        warnings
          .filter((w) => w.verdict === 'unknown')
          .map((w) => `${w.consumer.name} ${w.provider.name}`)
          .filter((k) => !incompatible.has(k)),
      );
      await open(`/ui/?state=unknown&stateIn=${ENV}`);
      assert.equal(
        Number(await page.locator('[data-integrations-total]').getAttribute('data-integrations-total')),
        unknownOnly.size,
      );
      // Paging: the next page, by a link.
      await open('/ui/');
      const firstPage = await rows.evaluateAll((rs) =>
        rs.map((r) => `${r.getAttribute('data-consumer')} ${r.getAttribute('data-provider')}`),
      );
      await page.getByRole('navigation', { name: 'Pages of integrations' }).getByRole('link', { name: 'Next' }).click();
      await page.waitForURL(/page=2/);
      const second = await rows.evaluateAll((rs) =>
        rs.map((r) => `${r.getAttribute('data-consumer')} ${r.getAttribute('data-provider')}`),
      );
      assert.equal(second.length, 50);
      assert.ok(second.every((k) => !firstPage.includes(k)));
    });

    it('overview: sorts by consumer or provider, filters by consumer, provider, label and state', async () => {
      await open('/ui/');
      await page.locator('table.integrations thead').getByRole('link', { name: 'Consumer' }).click();
      await page.waitForURL(/sort=consumer/);
      const rows = page.locator('table.integrations tbody tr');
      const consumers = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-consumer')!));
      assert.deepEqual(consumers, [...consumers].sort());
      assert.equal(consumers[0], 'svc-00000');
      assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
      await page.getByLabel('Provider contains').fill('svc-0000');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/provider=svc-0000/);
      const providers = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-provider')!));
      assert.ok(providers.length > 0 && providers.every((p) => p.includes('svc-0000')));
      assert.match(page.url(), /sort=consumer/, 'the filter keeps the sort');
      // Label: the integrations of the labelled pacticipants only.
      assert.equal((await broker.api.put('/pacticipants/svc-00007/labels/team-seven')).status < 300, true);
      await open('/ui/?label=team-seven');
      const labelled = await rows.evaluateAll((rs) =>
        rs.map((r) => [r.getAttribute('data-consumer'), r.getAttribute('data-provider')]),
      );
      assert.ok(labelled.length > 0);
      assert.ok(labelled.every(([c, p]) => c === 'svc-00007' || p === 'svc-00007'));
      const count = await broker.deps.store.read(() =>
        all<{ n: number }>(
          `SELECT COUNT(*) AS n FROM (SELECT DISTINCT consumer_id, provider_id FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id
           JOIN pacticipants p ON p.id = pp.provider_id WHERE c.name = 'svc-00007' OR p.name = 'svc-00007') x`,
        ),
      );
      assert.equal(labelled.length, count[0]!.n);
      assert.equal(await page.getByLabel('Label').inputValue(), 'team-seven');
    });

    it('overview: main is the first branch of every pacticipant; pacticipants are paged', async () => {
      await open('/ui/');
      const branches = await page.locator('table[data-filterable] [data-branches]').allTextContents();
      assert.equal(branches.length, 50);
      assert.ok(
        branches.some((b) => b.includes('feat-')),
        'a feature branch sorts before main by name',
      );
      assert.ok(
        branches.every((b) => b.startsWith('main')),
        branches.find((b) => !b.startsWith('main')),
      );
      await page.getByRole('navigation', { name: 'Pages of pacticipants' }).getByRole('link', { name: 'Next' }).click();
      await page.waitForURL(/ppage=2/);
      assert.equal(
        await page.locator('table[data-filterable] tbody tr').first().getAttribute('data-name'),
        'svc-00050',
      );
    });

    it('each page answers within 500 ms and 200 KB, and passes axe-core', async () => {
      const pages = [
        '/ui/',
        `/ui/?state=unknown&stateIn=${ENV}&sort=provider&page=2`,
        `/ui/environments/${ENV}/gaps`,
        `/ui/environments/${ENV}/gaps?state=unknown&page=3`,
        '/ui/environments/production/gaps',
      ];
      for (const path of pages) {
        let best = Number.POSITIVE_INFINITY;
        let bytes = 0;
        for (let k = 0; k < 3; k++) {
          const t = performance.now();
          const res = await fetch(broker.url + path, { headers: { accept: 'text/html' } });
          bytes = (await res.arrayBuffer()).byteLength;
          best = Math.min(best, performance.now() - t);
          assert.equal(res.status, 200, path);
        }
        console.log(`      ${path}: ${Math.round(best)} ms, ${Math.round(bytes / 1024)} KB`);
        // 500 ms on a machine with a core to spare; scaled by the load per core above that, as the other pages at
        // scale are (beside three other test files on 2 cores a page waits for the CPU, not for the broker).
        const budget = BUDGET_MS * Math.max(1, loadavg()[0]! / availableParallelism());
        assert.ok(best < budget, `${path}: ${Math.round(best)} ms (budget ${Math.round(budget)} ms)`);
        assert.ok(bytes < BUDGET_BYTES, `${path}: ${bytes} bytes`);
        await open(path);
        await axe(path);
      }
    });
  });
}
