/**
 * Regenerates a PNG of each browser page (issue 7) into docs/screenshots/, against a broker loaded with the
 * fixture organisation (fixtures/ui/organisation.json), and the pages at scale on 300-service organisations (issue 19:
 * test/ui/large-world-graph.ts, large-world.ts). Run: `npx tsx scripts/screenshots.ts [name-prefix...]`
 * (e.g. `graph` for graph*.png only, `overview gaps`). Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTestBroker } from '../test/support/test-broker.ts';
import { loadOrganisation, settleEvidence } from '../test/ui/organisation.ts';
import { largeWorldBroker } from '../test/ui/large-world-graph.ts';
import { buildLargeWorld, LARGE_WORLD_ENVIRONMENT, startLargeWorld } from '../test/ui/large-world.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(2);
}
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.some((p) => name.startsWith(p));
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
    if (!wanted(name)) continue;
    await page.goto(broker.url + path, { waitUntil: 'load' });
    if (act) await act(page);
    const file = `${out}${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  }
  // The graph at scale (issue 19): 300 services, 1,500 integrations, one hub consumed by 67.
  const big = wanted('graph-300') ? await largeWorldBroker(300) : undefined;
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const env = 'environment=production';
    const large: [string, string, boolean][] = [
      ['graph-300-services', `/ui/graph?${env}`, true],
      ['graph-300-services-focus', `/ui/graph?${env}&focus=svc-00000&up=1&down=1`, false],
      ['graph-300-services-radius', `/ui/graph?${env}&focus=svc-00000&up=2&down=1`, false],
    ];
    for (const [name, path, full] of big ? large : []) {
      await page.goto(`${big!.url}${path}`, { waitUntil: 'load' });
      await page.screenshot({ path: `${out}${name}.png`, fullPage: full });
      console.log(`wrote ${out}${name}.png`);
    }
  } finally {
    await big?.destroy();
  }
  // The environment page at 300 services (issue 19): the answer first, and the what-if opened beside a ticked row.
  const large = wanted('environment') ? await startTestBroker() : undefined;
  if (large) {
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
  }
  // The overview and the evidence gaps at 300 services (issue 19): the scale issue's organisation builder.
  if (wanted('overview') || wanted('gaps')) {
    const { broker: org } = await startLargeWorld();
    try {
      await page.setViewportSize({ width: 1600, height: 1000 });
      for (const [name, path] of [
        ['overview', '/'],
        ['gaps', '/ui/environments/development/gaps'],
      ] as const) {
        if (!wanted(name)) continue;
        await page.goto(org.url + path, { waitUntil: 'load' });
        await page.screenshot({ path: `${out}${name}.png` });
        console.log(`wrote ${out}${name}.png`);
      }
    } finally {
      await org.destroy();
    }
  }
} finally {
  await browser.close();
  await broker.destroy();
}
