/**
 * The provider contract page (issue 20), in Debian's Chromium through playwright-core: a provider version's OpenAPI
 * document and what changed from another version's document, picked from a list.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { settleEvidence } from '../support/settle.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/openapi/orders-versions/${name}`, import.meta.url), 'utf8'));

/** v2 without the order's `trackingUrl`. */
function featDocument() {
  const d = fixture('v2.json');
  delete d.paths['/orders/{id}'].get.responses['200'].content['application/json'].schema.properties.trackingUrl;
  return d;
}

describe('provider contract page (issue 20)', function () {
  this.timeout(90_000);
  let broker: TestBroker;
  let browser: Browser;
  let page: Page;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`      skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
      this.skip();
    }
    broker = await startTestBroker();
    await broker.td
      .providerContract({ provider: 'orders', version: '1.0.0', document: fixture('v1.json'), branch: 'main' })
      .providerContract({ provider: 'orders', version: '2.0.0', document: fixture('v2.json'), branch: 'main' })
      // A feature branch's document: no publication plans its pair with 1.0.0, so the page asks for it.
      .providerContract({ provider: 'orders', version: '2.1.0-feat', document: featDocument(), branch: 'feat' });
    await settleEvidence(broker.deps.store);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await broker?.destroy();
  });

  it('from the pacticipant page to a document, then its changes against a version picked from the list', async () => {
    await page.goto(`${broker.url}/ui/pacticipants/orders`, { waitUntil: 'load' });
    await page.locator('ul[data-documents] a', { hasText: '1.0.0' }).click();
    await page.waitForURL(/\/ui\/provider-contracts\/provider\/orders\/version\/1\.0\.0$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /OpenAPI document of orders 1\.0\.0/);
    const choices = await page.locator('#pc-against option').allTextContents();
    assert.deepEqual(choices, ['2.1.0-feat', '2.0.0']);
    await page.selectOption('#pc-against', '2.0.0');
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.waitForURL(/against=2\.0\.0/);
    assert.equal(await page.locator('[data-changes]').getAttribute('data-changes'), 'breaking');
    const rows = await page.locator('table[data-findings] tbody tr').allTextContents();
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.ok(
      rows.some((r) => /ERR\s*GET \/orders\s*removed the path \/orders/.test(r)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => /WARN.*'trackingUrl'.*response-optional-property-removed/.test(r)),
      rows.join('\n'),
    );
    // The other way round only adds: no breaking change.
    await page.goto(`${broker.url}/ui/provider-contracts/provider/orders/version/2.0.0?against=1.0.0`);
    assert.equal(await page.locator('[data-changes]').getAttribute('data-changes'), 'compatible');
  });

  it('a pair never computed says it is being computed (not "no change"), and shows the changes once they are', async () => {
    // 2.1.0-feat was compared with main's newest (2.0.0) when published, never with 1.0.0.
    await page.goto(`${broker.url}/ui/provider-contracts/provider/orders/version/1.0.0?against=2.1.0-feat`);
    assert.equal(await page.locator('[data-changes]').getAttribute('data-changes'), 'pending');
    assert.equal(await page.locator('table[data-findings]').count(), 0);
    await settleEvidence(broker.deps.store);
    await page.reload();
    assert.equal(await page.locator('[data-changes]').getAttribute('data-changes'), 'breaking');
  });

  it('content that is no OpenAPI document says so, and its changes could not be computed (never "no change")', async () => {
    const res = await broker.api.post('/provider-contracts/provider/orders/publish', {
      pacticipantVersionNumber: '3.0.0',
      contract: {
        content: Buffer.from('---\nsome: contract\n').toString('base64'),
        contentType: 'application/yaml',
        specification: 'oas',
        selfVerificationResults: { success: true },
      },
    });
    assert.equal(res.status, 200, res.text);
    await page.goto(`${broker.url}/ui/provider-contracts/provider/orders/version/3.0.0?against=2.0.0`);
    assert.match(
      (await page.locator('[data-unreadable]').textContent()) ?? '',
      /Not an OpenAPI document rollgate can read: stored as given/,
    );
    await settleEvidence(broker.deps.store);
    await page.reload();
    assert.equal(await page.locator('[data-changes]').getAttribute('data-changes'), 'failed');
    assert.match(
      (await page.locator('[data-changes]').textContent()) ?? '',
      /not an OpenAPI document rollgate can read/,
    );
  });
});
