/**
 * The browser pages (issue 7), driven in Debian's Chromium through playwright-core, against a broker loaded with
 * the fixture organisation (fixtures/ui/organisation.json: rolling back orders in production needs payments and web).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { loadOrganisation, settleEvidence } from './organisation.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS = '<img src=x onerror=window.__xss=1>';

describe('browser pages (issue 7)', function () {
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
    await loadOrganisation(broker.td);
    // A pacticipant whose name, and a pact whose interaction description, are markup: they must show as text.
    await broker.td
      .publishPact({
        consumer: XSS,
        version: '1.0.0',
        provider: 'users',
        pact: (b) => b.withInteraction({ description: `${XSS} description`, path: '/users/1' }),
      })
      .deploy({ pacticipant: XSS, version: '1.0.0', environment: 'staging' });
    await settleEvidence(broker.deps.store);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await broker?.destroy();
  });

  const open = async (path: string) => {
    const res = await page.goto(broker.url + path, { waitUntil: 'load' });
    assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
    return res!;
  };

  it('serves the overview to browsers at / and the HAL index to every other client', async () => {
    const res = await open('/');
    assert.match(res.headers()['content-type']!, /text\/html/);
    assert.equal(await page.locator('h1').textContent(), 'Overview');
    const hal = await broker.api.get('/', { accept: 'application/hal+json' });
    assert.match(hal.headers.get('content-type')!, /application\/hal\+json/);
    assert.ok(hal.body._links['pb:pacticipants']);
    const any = await fetch(`${broker.url}/`);
    assert.match(any.headers.get('content-type')!, /application\/hal\+json/);
    const pacticipants = await broker.api.get('/pacticipants', { accept: 'application/hal+json' });
    assert.equal(pacticipants.status, 200);
    assert.ok(Array.isArray(pacticipants.body._embedded.pacticipants));
  });

  it('overview: every pacticipant with its latest version, branches and placements; filters by name and environment', async () => {
    await open('/ui/');
    const rows = page.locator('table[data-filterable] tbody tr');
    assert.equal(await rows.count(), 7);
    const orders = page.locator('tr[data-name="orders"]');
    assert.match((await orders.textContent())!, /2\.0\.0/);
    assert.match((await orders.textContent())!, /production: 2\.0\.0/);
    assert.match((await page.locator('tr[data-name="web"]').textContent())!, /feat\/avatars/);
    await page.getByLabel('Name contains').fill('pay');
    assert.equal(await page.locator('table[data-filterable] tbody tr:visible').count(), 1);
    assert.equal(await page.locator('[data-count]').textContent(), '1');
    await page.getByLabel('Name contains').fill('');
    await page.getByLabel('Environment').selectOption('production');
    assert.equal(await page.locator('table[data-filterable] tbody tr:visible').count(), 6);
    // Without JavaScript the same filter is a GET form.
    await open('/ui/?q=web&environment=staging');
    assert.equal(await rows.count(), 1);
  });

  it('service graph: nodes link to their pages, edges carry the verdict as pattern, symbol and words', async () => {
    await open('/ui/graph?environment=staging');
    assert.equal(await page.locator('svg.graph a.node').count(), 7);
    const bad = page.locator('g.edge.e-bad', { has: page.locator('title', { hasText: /^web 2\.1\.0/ }) });
    assert.equal(await bad.count(), 1);
    assert.match(
      (await bad.locator('title').textContent())!,
      /^web 2\.1\.0 → users 1\.1\.0: incompatible \(openapi\) in staging$/,
    );
    assert.equal(await bad.locator('text.elabel').textContent(), '✗');
    assert.equal(await page.locator('g.edge.e-off').count(), 1, 'web 2.1.0 has no pact with orders');
    await page.locator('details.alt summary').click();
    assert.match((await page.locator('details.alt').textContent())!, /incompatible/);
    // Keyboard: a node is a real link.
    await page.locator('a.node[href="/ui/pacticipants/orders"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/pacticipants\/orders$/);
    assert.equal(await page.locator('h1').textContent(), 'orders');
    assert.match((await page.locator('main').textContent())!, /payments/);
  });

  it("environment: the any-subset verdicts are the API's", async () => {
    await open('/ui/environments/production');
    const api = (await broker.api.get('/can-i-rollback?environment=production')).body;
    for (const p of api.pacticipants) {
      const row = page.locator('tr', { has: page.locator(`input[value="${p.name}"]`) });
      const text = (await row.textContent())!;
      assert.ok(text.includes(p.verdict), `${p.name}: ${text}`);
      assert.ok(text.includes(p.current));
    }
    assert.deepEqual(api.pacticipants.find((p: { name: string }) => p.name === 'orders').requires, ['payments', 'web']);
  });

  it("environment: the what-if, clicked through, gives the API's verdict, broken pairs, smallest safe set and plan", async () => {
    await open('/ui/environments/production');
    const result = page.locator('#whatif-result');
    await page.getByLabel('orders', { exact: true }).check();
    await page.locator('#whatif-result[data-state]').waitFor();
    const api = (await broker.api.get('/can-i-rollback?environment=production&pacticipant=orders')).body;
    assert.equal(api.summary.rollbackable, false);
    assert.equal(await result.getAttribute('data-state'), 'unsafe');
    assert.equal(await result.locator('[data-reason]').textContent(), api.summary.reason);
    assert.equal(await result.locator('[data-minimal]').textContent(), 'orders, payments and web');
    assert.deepEqual(api.minimalSafeSet, ['orders', 'payments', 'web']);
    const broken = api.pairs.filter((p: { verdict: string }) => p.verdict !== 'compatible');
    assert.equal(await result.locator('ul.pairs > li').count(), broken.length);
    assert.match((await result.textContent())!, /web 2\.0\.0 → orders 1\.0\.0/);
    assert.equal(await result.locator('ol.plan > li').count(), api.plan.length);
    // Take the smallest safe set: now safe, with the API's plan.
    await result.locator('[data-select-minimal]').click();
    await page.locator('#whatif-result[data-state="safe"]').waitFor();
    const safe = (
      await broker.api.get(
        '/can-i-rollback?environment=production&pacticipant=orders&pacticipant=payments&pacticipant=web',
      )
    ).body;
    assert.equal(safe.summary.rollbackable, true);
    assert.equal(await result.locator('[data-reason]').textContent(), safe.summary.reason);
    const steps = await result.locator('ol.plan > li').allTextContents();
    assert.deepEqual(
      steps.map((s) => s.replace(/\s+/g, ' ')),
      safe.plan.map(
        (s: { step: number; pacticipants: { name: string; from: string; to: string }[] }) =>
          `Step ${s.step}: ${s.pacticipants.map((p) => `${p.name} ${p.from} → ${p.to}`).join(', ')}`,
      ),
    );
    assert.ok(await page.getByLabel('web', { exact: true }).isChecked());
    // Without a reload: the same document, the URL records the choice.
    assert.match(page.url(), /pacticipant=orders&pacticipant=payments&pacticipant=web$/);
    // Keyboard: Space on a focused checkbox asks again.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('users', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.locator('#whatif-result[data-state="unsafe"]').waitFor();
    const users = (await broker.api.get('/can-i-rollback?environment=production&pacticipant=users')).body;
    assert.equal(await result.locator('[data-minimal]').textContent(), users.minimalSafeSet.join(' and '));
    assert.match((await result.textContent())!, /\? unknown/);
  });

  it('environment: without JavaScript the form renders the same answer on the server', async () => {
    const res = await fetch(`${broker.url}/ui/environments/production?pacticipant=orders`, {
      headers: { accept: 'text/html' },
    });
    const text = await res.text();
    assert.match(text, /data-state="unsafe"/);
    assert.match(text, /orders, payments, web/);
  });

  it('matrix: verified, subsumption, OpenAPI, incompatible and unknown cells, reasons a click away, filters', async () => {
    await open('/ui/matrix/provider/users/consumer/mobile');
    const sub = page.locator('td.cell[data-evidence="subsumption"]');
    assert.equal(await sub.count(), 1);
    assert.match((await sub.locator('summary').textContent())!, /⊇ compatible by subsumption/);
    assert.equal(await page.locator('td.cell[data-verdict="unknown"]').count(), 1);
    await open('/ui/matrix/provider/users/consumer/web');
    const oas = page.locator('td.cell[data-evidence="openapi"][data-verdict="incompatible"]');
    assert.equal(await oas.count(), 1);
    assert.equal(await oas.locator('li').isVisible(), false);
    await oas.locator('summary').click();
    assert.match((await oas.locator('li').first().textContent())!, /GET \/users\/1\/avatar/);
    assert.equal(await page.locator('td.cell[data-evidence="openapi"][data-verdict="compatible"]').count(), 1);
    assert.ok((await page.locator('td.cell[data-evidence="verification"]').count()) >= 2);
    await page.getByLabel('web branch').selectOption('feat/avatars');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/consumerBranch=feat%2Favatars/);
    assert.equal(await page.locator('table.matrix tbody tr').count(), 1);
    await open('/ui/matrix/provider/orders/consumer/web?environment=production');
    assert.equal(await page.locator('table.matrix tbody tr').count(), 2);
    assert.equal(await page.locator('td.cell[data-verdict="incompatible"]').count(), 1);
  });

  it('matrix: the history of every verification result is one click away', async () => {
    await open('/ui/matrix/provider/users/consumer/web');
    await page.getByRole('link', { name: /history/ }).click();
    await page.waitForURL(/\/ui\/matrix\/provider\/users\/consumer\/web\/history$/);
    const rows = page.locator('table.history tbody tr');
    assert.ok((await rows.count()) >= 2);
    assert.ok((await page.locator('table.history tbody tr[data-verdict="compatible"]').count()) >= 1);
    await page.getByRole('link', { name: 'Back to the matrix' }).click();
    await page.waitForURL(/\/ui\/matrix\/provider\/users\/consumer\/web$/);
  });

  it('pact view: findings beside their interaction with the part of the document; the diff of two versions', async () => {
    await open('/ui/pacts/provider/users/consumer/web/version/2.1.0');
    const avatar = page.locator('article.interaction', {
      has: page.locator('h2', { hasText: 'the avatar of a user' }),
    });
    assert.match((await avatar.locator('aside').textContent())!, /request\.path-or-method\.unknown/);
    assert.match((await page.locator('article.interaction').first().locator('aside').textContent())!, /no findings/);
    await avatar.locator('aside details summary').first().click();
    assert.match((await avatar.locator('aside details pre').first().textContent())!, /\/users\/\{id\}/);
    await page.getByRole('link', { name: 'changes since 2.0.0' }).click();
    await page.waitForURL(/diff\?from=2\.0\.0&to=2\.1\.0/);
    const added = page.locator('ul.diff > li.d-added');
    assert.equal(await added.count(), 1);
    assert.match((await added.textContent())!, /the avatar of a user/);
    assert.match((await page.locator('details pre').textContent())!, /\+ the avatar of a user \(new interaction\)/);
  });

  it('shows markup in a pacticipant name and an interaction description as text, never running it', async () => {
    const consumer = encodeURIComponent(XSS);
    const pages = [
      '/ui/',
      '/ui/graph?environment=staging',
      `/ui/pacticipants/${consumer}`,
      `/ui/matrix/provider/users/consumer/${consumer}`,
      `/ui/matrix/provider/users/consumer/${consumer}/history`,
      `/ui/pacts/provider/users/consumer/${consumer}/version/1.0.0`,
      `/ui/pacts/provider/users/consumer/${consumer}/diff`,
      '/ui/environments/staging',
      '/ui/environments/staging/gaps',
    ];
    for (const path of pages) {
      await open(path);
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, path);
      assert.equal(await page.locator('main img').count(), 0, path);
      assert.ok((await page.locator('main').textContent())!.includes(XSS), `${path} shows the name as text`);
    }
    await open(`/ui/pacts/provider/users/consumer/${consumer}/version/1.0.0`);
    assert.equal(await page.locator('article.interaction h2').textContent(), `${XSS} description`);
    await open('/ui/environments/staging');
    await page.getByLabel(XSS, { exact: true }).check();
    await page.locator('#whatif-result[data-state]').waitFor();
    assert.ok((await page.locator('#whatif-result').textContent())!.includes(XSS));
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });
});
