/**
 * The service graph at the size of a real organisation (issue 19), in Debian's Chromium: 300 and 500 services
 * built by the scale issue's organisation builder (test/ui/large-world-graph.ts). The page opens on a summary,
 * a focus draws exactly the blast radius the API's integrations give, many integrations into one service are
 * bundled with their number and worst state, the view zooms, fits and pans, the picker navigates, labels never
 * overlap, axe-core finds nothing, and a focused graph costs the server what it shows.
 */
import { availableParallelism, loadavg } from 'node:os';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import axeCore from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serviceGraph } from '../../broker/src/domain/ui/read-models.ts';
import { adapters } from '../support/adapters.ts';
import type { TestBroker } from '../support/test-broker.ts';
import { countingQueries, largeWorldBroker } from './large-world-graph.ts';
import { slug } from '../../broker/src/ui/pages/overview.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HUB = 'svc-00000';
const ENV = 'production';

async function integrations(broker: TestBroker): Promise<[consumer: string, provider: string][]> {
  const out: [string, string][] = [];
  for (let page = 1; ; page++) {
    const body = (await broker.api.get(`/integrations?pageSize=1000&pageNumber=${page}`)).body;
    const list = body._embedded.integrations as { consumer: { name: string }; provider: { name: string } }[];
    for (const i of list) out.push([i.consumer.name, i.provider.name]);
    if (!body._links.next) return out;
  }
}

/** The services within `up` hops above and `down` below `focus`, breadth first over the API's integrations. */
function within(pairs: [string, string][], focus: string, up: number, down: number): string[] {
  const walk = (next: (n: string) => string[], limit: number) => {
    const seen = new Set([focus]);
    let frontier = [focus];
    for (let d = 0; d < limit; d++) {
      const next1 = new Set(frontier.flatMap(next).filter((n) => !seen.has(n)));
      for (const n of next1) seen.add(n);
      frontier = [...next1];
    }
    return seen;
  };
  const above = walk((n) => pairs.filter(([, p]) => p === n).map(([c]) => c), up);
  const below = walk((n) => pairs.filter(([c]) => c === n).map(([, p]) => p), down);
  return [...new Set([...above, ...below])].sort();
}

/** Pairs of boxes (left, top, right, bottom) that overlap, by a sweep over x. */
function overlaps(boxes: { name: string; l: number; t: number; r: number; b: number }[]): string[] {
  const sorted = [...boxes].sort((a, b) => a.l - b.l);
  const found: string[] = [];
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j]!.l < sorted[i]!.r; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (a.t < b.b && b.t < a.b && a.l < b.r && b.l < a.r) found.push(`${a.name} / ${b.name}`);
    }
  return found;
}

const labelBoxes = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { name: e.textContent ?? '', l: r.left, t: r.top, r: r.right, b: r.bottom };
    }),
  );

/** axe-core run in the page (the page is opened with bypassCSP: the broker allows only its own scripts). */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeCore.source });
  const result = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (c: Document) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    };
    return (await w.axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  return result;
}

/** The best of five warm requests (the first warms the caches): what the server spends, without the queue. */
async function serverMs(broker: TestBroker, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const s = performance.now();
    const res = await fetch(broker.url + path, { headers: { accept: 'text/html' } });
    await res.text();
    assert.equal(res.status, 200, path);
    if (i > 0) times.push(performance.now() - s);
  }
  return Math.min(...times);
}

describe('service graph at scale (issue 19)', function () {
  this.timeout(600_000);
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`      skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  for (const adapter of adapters()) {
    describe(`[${adapter}] 300 services`, () => {
      let broker: TestBroker;
      let page: Page;
      let pairs: [string, string][];
      before(async () => {
        broker = await largeWorldBroker(300, { adapter });
        pairs = await integrations(broker);
        page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
      });
      after(async () => {
        await page?.close();
        await broker?.destroy();
      });
      const open = async (path: string) => {
        const res = await page.goto(broker.url + path, { waitUntil: 'load' });
        assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
      };

      it('opens on a summary: counts by state, the most connected services, the worst pairs, every service as a tile', async () => {
        assert.equal(pairs.length, 1500);
        await open(`/ui/graph?environment=${ENV}`);
        assert.equal(await page.locator('svg.graph').count(), 0, 'no drawing of 1,500 integrations');
        const counts = Object.fromEntries(
          await page
            .locator('.state-counts li')
            .evaluateAll((els) =>
              els.map((e) => [e.getAttribute('data-state'), Number(e.querySelector('strong')!.textContent)]),
            ),
        );
        assert.ok(counts.incompatible >= 1 && counts.unknown >= 1, JSON.stringify(counts));
        assert.equal(counts.incompatible + counts.unknown + counts.compatible + counts['not-deployed'], 1500);
        assert.equal(await page.locator('table[data-hubs] tbody tr').first().locator('td').first().textContent(), HUB);
        const hubConsumers = pairs.filter(([, p]) => p === HUB).length;
        assert.equal(
          await page.locator('table[data-hubs] tbody tr').first().locator('td').nth(1).textContent(),
          String(hubConsumers),
        );
        // Incompatible pairs first, then unknown: the two the world was given among them.
        const worst = await page.locator('table[data-worst-pairs] tbody tr').allTextContents();
        assert.equal(worst.length, Math.min(25, counts.incompatible + counts.unknown));
        assert.ok(worst.slice(0, counts.incompatible).every((w) => /incompatible/.test(w)));
        assert.ok(worst.slice(counts.incompatible).every((w) => /unknown/.test(w)));
        assert.ok(
          worst.some((w) => /^svc-00002svc-00000✗ incompatible/.test(w)),
          worst.join('\n'),
        );
        assert.ok(
          worst.some((w) => /^svc-00001svc-00000\? unknown/.test(w)),
          worst.join('\n'),
        );
        assert.equal(await page.locator('a.tile').count(), 300);
        // The hub's tile is the worst (incompatible) and first; the majority state (compatible) is faint.
        assert.equal(await page.locator('a.tile').first().getAttribute('data-state'), 'incompatible');
        const compatible = await page.locator('a.tile[data-state="compatible"]').count();
        assert.ok(compatible > 150);
        assert.equal(await page.locator('a.tile.dimmed').count(), compatible);
        assert.deepEqual(await axe(page), []);
      });

      it('focus: up and down hops show exactly the services within that many hops of the API integrations', async () => {
        for (const [focus, up, down] of [
          [HUB, 2, 1],
          ['svc-00150', 1, 2],
          ['svc-00150', 0, 1],
        ] as const) {
          await open(`/ui/graph?environment=${ENV}&focus=${focus}&up=${up}&down=${down}`);
          const shown = (await page.locator('svg.graph a.node text').allTextContents()).sort();
          assert.deepEqual(shown, within(pairs, focus, up, down), `${focus} up ${up} down ${down}`);
          assert.equal(await page.locator('a.node.focus text').textContent(), focus);
          // Each integration drawn joins two services one hop apart, in the direction of the hops.
          const names = new Map(
            pairs.flatMap(([c, p]) => [
              [slug(c), c],
              [slug(p), p],
            ]),
          );
          for (const e of await page
            .locator('g.edge')
            .evaluateAll((els) => els.map((x) => [x.getAttribute('data-c'), x.getAttribute('data-p')]))) {
            assert.ok(
              pairs.some(([c, p]) => c === names.get(e[0]!) && p === names.get(e[1]!)),
              `${e} is an integration`,
            );
          }
        }
        await open(`/ui/graph?environment=${ENV}&focus=${HUB}&up=2&down=1`);
        assert.deepEqual(await axe(page), []);
        // Bad hops are a 400 naming the parameter; an unknown service a 404.
        const bad = await fetch(`${broker.url}/ui/graph?focus=${HUB}&up=5`, { headers: { accept: 'text/html' } });
        assert.equal(bad.status, 400);
        assert.match(await bad.text(), /up: must be 0, 1 or 2/);
        const unknown = await fetch(`${broker.url}/ui/graph?focus=nobody`, { headers: { accept: 'text/html' } });
        assert.equal(unknown.status, 404);
      });

      it("bundles the hub's consumers into one line with their number and worst state", async () => {
        await open(`/ui/graph?environment=${ENV}&focus=${HUB}&up=1&down=0`);
        const consumers = pairs.filter(([, p]) => p === HUB).length;
        const bundle = page.locator(`g.bundle[data-p="${slug(HUB)}"]`);
        assert.equal(await bundle.count(), 1);
        assert.equal(await bundle.getAttribute('data-count'), String(consumers));
        assert.equal(await bundle.getAttribute('data-worst'), 'incompatible');
        assert.equal(await bundle.locator('text.blabel').textContent(), `${consumers} ✗`);
        assert.match(
          (await bundle.locator('title').textContent())!,
          new RegExp(
            `^${consumers} integrations into ${HUB} from one column: 1 incompatible, 1 unknown, ${consumers - 2} compatible$`,
          ),
        );
        assert.equal(await page.locator(`g.edge.member[data-p="${slug(HUB)}"]`).count(), consumers);
        // The majority (compatible) is drawn faint, the two problems are not.
        assert.equal(await page.locator('g.edge.maj.e-ok').count(), consumers - 2);
        assert.equal(await page.locator('g.edge.maj:not(.e-ok)').count(), 0);
      });

      it('zooms in and out, zooms to fit, and pans by dragging', async () => {
        await open(`/ui/graph?environment=${ENV}&focus=${HUB}&up=2&down=1`);
        const svg = page.locator('svg.graph');
        const wrap = page.locator('.graph-wrap');
        const size = async () => ({
          w: Number(await svg.getAttribute('width')),
          h: Number(await svg.getAttribute('height')),
          natural: Number(await svg.getAttribute('data-width')),
        });
        await page.getByRole('button', { name: 'Zoom to fit' }).click();
        const room = await wrap.evaluate((w) => ({ w: w.clientWidth, h: parseFloat(getComputedStyle(w).maxHeight) }));
        let s = await size();
        assert.ok(s.w <= room.w + 1 && s.h <= room.h + 1, `fits: ${JSON.stringify([s, room])}`);
        assert.ok(s.w < s.natural, 'smaller than drawn');
        const fitted = s.w;
        await page.getByRole('button', { name: 'Zoom in' }).click();
        s = await size();
        assert.ok(Math.abs(s.w - fitted * 1.25) <= 2, `zoomed in: ${s.w} vs ${fitted}`);
        await page.getByRole('button', { name: 'Zoom out' }).click();
        await page.getByRole('button', { name: 'Zoom out' }).click();
        assert.ok((await size()).w < fitted);
        await page.getByRole('button', { name: '100%' }).click();
        assert.equal((await size()).w, s.natural);
        assert.equal(await page.locator('[data-zoom-level]').textContent(), '100%');
        // Pan: press on empty canvas, drag right; the view scrolls back by as much.
        const spot = await wrap.evaluate((w) => {
          const r = w.getBoundingClientRect();
          for (let y = r.top + 5; y < r.bottom - 5; y += 7)
            for (let x = r.left + 200; x < r.right - 250; x += 7) {
              const hit = document.elementFromPoint(x, y);
              if (hit && w.contains(hit) && !hit.closest('a')) return { x, y };
            }
          return null;
        });
        assert.ok(spot, 'an empty spot on the canvas');
        const before = await wrap.evaluate((w) => [w.scrollLeft, w.scrollTop]);
        await page.mouse.move(spot.x, spot.y);
        await page.mouse.down();
        await page.mouse.move(spot.x + 150, spot.y, { steps: 5 });
        await page.mouse.up();
        const after = await wrap.evaluate((w) => [w.scrollLeft, w.scrollTop]);
        assert.ok(before[0]! >= 150, `room to pan: ${before}`);
        assert.ok(Math.abs(before[0]! - after[0]! - 150) <= 2, `panned: ${before} -> ${after}`);
      });

      it('the type-ahead picker goes to the service typed or chosen from its list', async () => {
        await open(`/ui/graph?environment=${ENV}`);
        const options = await page.locator('datalist#g-services option').count();
        assert.equal(options, 300);
        // Without JavaScript's help: type the name, press Enter (the form is a GET).
        await page.getByLabel('Focus on').fill('svc-00150');
        await page.keyboard.press('Enter');
        await page.waitForURL(/focus=svc-00150/);
        assert.equal(await page.locator('a.node.focus text').textContent(), 'svc-00150');
        // Choosing from the list (a replacement input event) navigates at once.
        await page.getByLabel('Focus on').evaluate((i: HTMLInputElement) => {
          i.value = 'svc-00042';
          i.dispatchEvent(new InputEvent('input', { inputType: 'insertReplacementText', bubbles: true }));
        });
        await page.waitForURL(/focus=svc-00042/);
        assert.equal(await page.locator('a.node.focus text').textContent(), 'svc-00042');
        // Typing letters does not.
        await page.getByLabel('Focus on').pressSequentially('svc-0', { delay: 5 });
        assert.match(page.url(), /focus=svc-00042/);
      });

      it('a focused graph costs the server what it shows; pages within 500 ms', async () => {
        const cost = async (scope?: { focus: string; up: number; down: number }) => {
          const counter = { queries: 0, rows: 0 };
          const g = await broker.deps.store.read(() => countingQueries(serviceGraph(ENV, scope), counter));
          return { ...counter, edges: g.edges.length };
        };
        const whole = await cost();
        const small = await cost({ focus: 'svc-00150', up: 1, down: 1 });
        assert.equal(whole.edges, 1500);
        assert.ok(small.edges < 20);
        assert.ok(small.rows < whole.rows / 2, `rows read: focused ${small.rows}, whole ${whole.rows}`);
        const summary = await serverMs(broker, `/ui/graph?environment=${ENV}`);
        const focused = await serverMs(broker, `/ui/graph?environment=${ENV}&focus=svc-00150&up=1&down=1`);
        const blast = await serverMs(broker, `/ui/graph?environment=${ENV}&focus=${HUB}&up=2&down=1`);
        console.log(
          `      [${adapter}] rows read: whole ${whole.rows} in ${whole.queries} queries, svc-00150 ±1 ${small.rows} in ${small.queries}; ms: summary ${summary.toFixed(0)}, svc-00150 ±1 ${focused.toFixed(0)}, hub 2 up 1 down ${blast.toFixed(0)}`,
        );
        // 500 ms on a machine with a core to spare; on a busier one (load per core above 1) every step takes
        // proportionally longer, and so may the budget (as test/concurrency/event-loop.test.ts does).
        const budget = 500 * Math.max(1, loadavg()[0]! / availableParallelism());
        for (const [what, ms] of [
          ['summary', summary],
          ['focused', focused],
          ['blast radius of the hub', blast],
        ] as const)
          assert.ok(ms < budget, `${what}: ${ms.toFixed(0)} ms (budget ${budget.toFixed(0)} ms)`);
      });

      it('a pact and a declared requirement between the same two services are one line with a count and the worst state', async () => {
        // svc-00003 1.0.0 (live) declares it needs the hub at 2.0.0; the hub's live version is 1.0.0.
        const put = await broker.api.put('/pacticipants/svc-00003/versions/1.0.0/requirements/svc-00000', {
          atLeast: '2.0.0',
        });
        assert.ok(put.status < 300, `declared: ${put.status}`);
        await open(`/ui/graph?environment=${ENV}&focus=${HUB}&up=1&down=0`);
        const pair = page.locator(`g.edge[data-c="${slug('svc-00003')}"][data-p="${slug(HUB)}"]`);
        assert.equal(await pair.count(), 1);
        assert.equal(await pair.getAttribute('data-count'), '2');
        assert.equal(await pair.getAttribute('data-worst'), 'incompatible');
        const title = (await pair.locator('title').textContent())!;
        assert.match(title, /^svc-00003 1\.0\.0 → svc-00000 1\.0\.0: compatible/m);
        assert.match(
          title,
          /^declared requirement: svc-00003 1\.0\.0 declares it requires svc-00000 at least 2\.0\.0/m,
        );
        // In the hub's bundle it counts once, and it is not drawn faint with the compatible majority.
        const consumers = pairs.filter(([, p]) => p === HUB).length;
        assert.equal(
          await page.locator(`g.bundle[data-p="${slug(HUB)}"]`).getAttribute('data-count'),
          String(consumers),
        );
        assert.equal(await pair.evaluate((g) => g.classList.contains('maj')), false);
      });
    });

    describe(`[${adapter}] 500 services`, () => {
      let broker: TestBroker;
      let page: Page;
      before(async () => {
        broker = await largeWorldBroker(500, { adapter });
        page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
      });
      after(async () => {
        await page?.close();
        await broker?.destroy();
      });

      it('no two service labels overlap: the summary, every integration drawn, and a blast radius', async () => {
        await page.goto(`${broker.url}/ui/graph?environment=${ENV}`, { waitUntil: 'load' });
        const tiles = await labelBoxes(page, 'a.tile');
        assert.equal(tiles.length, 500);
        assert.deepEqual(overlaps(tiles), []);
        assert.ok(
          tiles.every((t) => t.r <= 1600),
          'no tile beyond the window',
        );
        for (const path of ['view=graph', `focus=${HUB}&up=2&down=1`]) {
          await page.goto(`${broker.url}/ui/graph?environment=${ENV}&${path}`, { waitUntil: 'load' });
          const labels = await labelBoxes(page, 'svg.graph a.node text');
          assert.ok(labels.length > (path === 'view=graph' ? 499 : 100), `${path}: ${labels.length} labels`);
          assert.deepEqual(overlaps(labels), [], path);
          // The drawing is not a ribbon: at most a few screens wide at 100%.
          const w = Number(await page.locator('svg.graph').getAttribute('data-width'));
          assert.ok(w < 6 * 1600, `${path}: ${w} px wide`);
        }
      });
    });
  }
});
