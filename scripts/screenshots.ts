/**
 * Regenerates a PNG of each browser page (issue 7) into docs/screenshots/, against a broker loaded with the
 * fixture organisation (fixtures/ui/organisation.json). Run: `npx tsx scripts/screenshots.ts`.
 * Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTestBroker } from '../test/support/test-broker.ts';
import { loadOrganisation, settleEvidence } from '../test/ui/organisation.ts';
import { loadOrganisation as loadSynthetic } from '../bench/ui/pages.bench.ts';
import { buildLargeWorld, LARGE_WORLD_ENVIRONMENT } from '../test/ui/large-world.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(2);
}
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
    ['overview', '/'],
    ['graph', '/ui/graph?environment=staging'],
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
    await page.goto(broker.url + path, { waitUntil: 'load' });
    if (act) await act(page);
    const file = `${out}${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  }
  // The graph at scale: the benchmark's organisation of 200 services (bench/ui/pages.bench.ts).
  const big = await startTestBroker({ config: { precompute: false } });
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
  // The environment page at 300 services (issue 19): the answer first, and the what-if opened beside a ticked row.
  const large = await startTestBroker();
  try {
    await buildLargeWorld(large, { services: 300, versions: 16 });
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${large.url}/ui/environments/${LARGE_WORLD_ENVIRONMENT}`, { waitUntil: 'load' });
    await page.locator('table.env-list tbody tr[data-name] input[type="checkbox"]').first().check();
    await page.locator('#whatif-result[data-state]').waitFor();
    await page.screenshot({ path: `${out}environment.png` });
    console.log(`wrote ${out}environment.png`);
  } finally {
    await large.destroy();
  }
} finally {
  await browser.close();
  await broker.destroy();
}
