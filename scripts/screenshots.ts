/**
 * Regenerates a PNG of each browser page (issue 7) into docs/screenshots/, against a broker loaded with the
 * fixture organisation (fixtures/ui/organisation.json). Run: `npx tsx scripts/screenshots.ts [name ...]` (names: only
 * those shots, e.g. `overview gaps`; none: all).
 * Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTestBroker } from '../test/support/test-broker.ts';
import { loadOrganisation, settleEvidence } from '../test/ui/organisation.ts';
import { loadOrganisation as loadSynthetic } from '../bench/ui/pages.bench.ts';
import { startLargeWorld } from '../test/ui/large-world-gaps.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(2);
}
const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);
const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const broker = await startTestBroker();
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  await loadOrganisation(broker.td);
  await settleEvidence(broker.deps.store);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const shots: [string, string, ((p: typeof page) => Promise<void>)?][] = [
    ['graph', '/ui/graph?environment=staging'],
    [
      'environment',
      '/ui/environments/production',
      async (p) => {
        await p.getByLabel('orders', { exact: true }).check();
        await p.locator('#whatif-result[data-state]').waitFor();
      },
    ],
    [
      'matrix',
      '/ui/matrix/provider/users/consumer/web',
      async (p) => {
        await p.locator('td.cell[data-evidence="openapi"] summary').first().click();
      },
    ],
    ['pact', '/ui/pacts/provider/users/consumer/web/version/2.1.0'],
    ['pact-diff', '/ui/pacts/provider/users/consumer/web/diff?from=2.0.0&to=2.1.0'],
  ];
  for (const [name, path, act] of shots) {
    if (!want(name)) continue;
    await page.goto(broker.url + path, { waitUntil: 'load' });
    if (act) await act(page);
    const file = `${out}${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  }
  // The overview and the evidence gaps at 300 services (issue 19): the scale issue's organisation builder.
  if (want('overview') || want('gaps')) {
    const { broker: org } = await startLargeWorld();
    try {
      await page.setViewportSize({ width: 1600, height: 1000 });
      for (const [name, path] of [
        ['overview', '/'],
        ['gaps', '/ui/environments/development/gaps'],
      ] as const) {
        if (!want(name)) continue;
        await page.goto(org.url + path, { waitUntil: 'load' });
        await page.screenshot({ path: `${out}${name}.png` });
        console.log(`wrote ${out}${name}.png`);
      }
    } finally {
      await org.destroy();
    }
  }
  // The graph at scale: the benchmark's organisation of 200 services (bench/ui/pages.bench.ts).
  const big = want('graph-200-services') ? await startTestBroker({ config: { precompute: false } }) : undefined;
  if (big)
    try {
      await loadSynthetic(big);
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.goto(`${big.url}/ui/graph?environment=production`, { waitUntil: 'load' });
      await page.screenshot({ path: `${out}graph-200-services.png` });
      await page.goto(`${big.url}/ui/graph?environment=production&focus=domain-045`, { waitUntil: 'load' });
      await page.screenshot({ path: `${out}graph-200-services-focus.png`, fullPage: true });
      console.log(`wrote ${out}graph-200-services.png and graph-200-services-focus.png`);
    } finally {
      await big.destroy();
    }
} finally {
  await browser.close();
  await broker.destroy();
}
