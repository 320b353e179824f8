/**
 * Regenerates the screenshots of the pacticipant and matrix pages (issue 19) into docs/screenshots/: the matrix of
 * the fixture organisation (as scripts/screenshots.ts takes it), and the hub's pacticipant page and a matrix page at
 * 300 services (the scale issue's organisation, test/ui/large-world-pacticipant.ts). Takes a few minutes: the
 * broker's evidence planner runs over the organisation first. Run: `npx tsx scripts/screenshots-pacticipant.ts`.
 * Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTestBroker } from '../test/support/test-broker.ts';
import { startLargeWorld } from '../test/ui/large-world-pacticipant.ts';
import { loadOrganisation, settleEvidence } from '../test/ui/organisation.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(2);
}
const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const small = await startTestBroker();
  try {
    await loadOrganisation(small.td);
    await settleEvidence(small.deps.store);
    await page.goto(`${small.url}/ui/matrix/provider/users/consumer/web`, { waitUntil: 'load' });
    await page.locator('td.cell[data-evidence="openapi"] summary').first().click();
    await page.screenshot({ path: `${out}matrix.png`, fullPage: true });
    console.log(`wrote ${out}matrix.png`);
  } finally {
    await small.destroy();
  }
  const { broker } = await startLargeWorld('sqlite');
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${broker.url}/ui/pacticipants/svc-00000`, { waitUntil: 'load' });
    await page.locator('ul[data-rollback] details summary').first().click();
    await page.screenshot({ path: `${out}pacticipant-300-services.png`, fullPage: true });
    await page.goto(`${broker.url}/ui/matrix/provider/svc-00000/consumer/svc-00001?limit=12`, {
      waitUntil: 'load',
    });
    await page.screenshot({ path: `${out}matrix-300-services.png` });
    console.log(`wrote ${out}pacticipant-300-services.png and matrix-300-services.png`);
  } finally {
    await broker.destroy();
  }
} finally {
  await browser.close();
}
