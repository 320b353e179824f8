/**
 * The gate says what failed (issue 18): the real pact-js Verifier publishes a failed verification against a broken
 * provider; the mismatches it published appear in the API (matrix rows and can-i-rollback pairs), in the CLI's text
 * (can-i-deploy and can-i-rollback), in the matrix cell and on the what-if page, each with a link to the result.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Verifier } from '@pact-foundation/pact';
import { run } from '../cli/support.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

/** orders 1 answers order 1 with the wrong types and the order list with a 500. */
async function brokenOrders(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (u.pathname === '/orders/1') return json(200, { id: 'one', status: 'LOST', items: [] });
      if (u.pathname === '/orders' && req.method === 'GET') {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        return res.end('boom');
      }
      json(201, { id: 42, status: 'NEW' });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((c) => server.close(() => c())),
  };
}

describe('a failed verification says what failed, everywhere the gate answers', function () {
  this.timeout(120_000);
  let b: TestBroker;
  let env: Record<string, string>;
  let resultUrl: string;

  before(async () => {
    b = await startTestBroker();
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    const pact = JSON.parse(readFileSync('fixtures/pacts/v3/web-orders.json', 'utf8'));
    await b.td.environment('production').publishPact({ consumer: 'web', version: '1', provider: 'orders', json: pact });
    const provider = await brokenOrders();
    try {
      await new Verifier({
        provider: 'orders',
        providerBaseUrl: provider.url,
        pactUrls: [`${b.url}/pacts/provider/orders/consumer/web/version/1`],
        providerVersion: '1',
        publishVerificationResult: true,
        logLevel: 'error',
        stateHandlers: { 'order 1 exists': async () => ({}), 'no orders exist': async () => ({}) },
      } as ConstructorParameters<typeof Verifier>[0])
        .verifyProvider()
        .then(
          () => assert.fail('the broken provider passed'),
          () => undefined,
        );
    } finally {
      await provider.close();
    }
    // orders 1 was deployed with web 1 (the failure above), then orders 2, which works.
    await b.td
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true })
      .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
  });
  after(() => b.destroy());

  it('the matrix row carries the failed interactions and their mismatches, bounded, with the result link', async () => {
    const res = await b.api.get(
      '/matrix?q[][pacticipant]=web&q[][version]=1&q[][pacticipant]=orders&q[][version]=1&latestby=cvpv',
    );
    assert.equal(res.status, 200, res.text);
    const row = res.body.matrix[0];
    assert.equal(row.verdict, 'incompatible');
    const f = row.verificationResult.failures;
    assert.equal(f.format, 'pact-rust');
    assert.deepEqual(
      f.interactions.map((i: { description: string }) => i.description),
      ['a request for order 1', 'a request for the order list'],
    );
    assert.ok(
      f.interactions[0].mismatches.some(
        (m: { path?: string; message: string }) => m.path === '$.id' && /to be an integer/.test(m.message),
      ),
    );
    resultUrl = row.verificationResult._links.self.href;
    assert.match(resultUrl, /\/verification-results\/\d+$/);
    const result = await b.api.get(new URL(resultUrl).pathname);
    assert.equal(result.status, 200, 'the link opens the whole result');
    assert.match(res.body.summary.reason, /failed: 2 interactions failed \(7 mismatches\)/);
  });

  it('can-i-deploy prints what failed under the answer, with the link', async () => {
    const r = await run(
      ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--pacticipant', 'orders', '--version', '1'],
      env,
    );
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /What failed in web 1 -> orders 1:/);
    assert.match(
      r.out,
      / {2}a request for order 1:\n( {4}.*\n)* {4}body \$\.id: Expected 'one' \(String\) to be an integer/,
    );
    assert.match(r.out, / {2}a request for the order list:\n( {4}.*\n)* {4}status: expected 200 but was 500/);
    assert.ok(r.out.includes(`The whole result: ${resultUrl}`));
  });

  it('can-i-rollback: the pair a rollback would break says what failed, in the API and in the text', async () => {
    const res = await b.api.get('/can-i-rollback?environment=production&pacticipant=orders');
    const pair = res.body.pairs.find((p: { verdict: string }) => p.verdict === 'incompatible');
    assert.ok(pair, res.text);
    const reason = pair.reasons[0];
    assert.equal(reason.id, 'verification-failed');
    assert.match(reason.message, /Verification failed by provider version 1 at .*: 2 interactions failed/);
    assert.equal(reason.verificationResult, resultUrl);
    assert.equal(reason.failures.interactions.length, 2);

    const r = await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders'], env);
    assert.equal(r.code, 1);
    assert.match(r.out, /✘ web 1 -> orders 1: incompatible \(evidence: verification\)/);
    assert.match(r.out, / {10}a request for order 1:\n( {12}.*\n)* {12}body \$\.status: Expected 'LOST' to match/);
    assert.ok(r.out.includes(`The whole result: ${resultUrl}`));
    // The sample docs/cli.md shows is this kind of output, not a mismatch no verifier writes.
    assert.doesNotMatch(readFileSync('docs/cli.md', 'utf8'), /\$\.total missing/);
  });

  it('the matrix page cell and the what-if page show the mismatches and link to the result', async () => {
    const page = async (path: string) => {
      const res = await fetch(`${b.url}${path}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, path);
      return res.text();
    };
    const resultPath = new URL(resultUrl).pathname;
    const matrix = await page('/ui/matrix/provider/orders/consumer/web');
    const cell = /<td class="cell v-bad"[^>]*>([\s\S]*?)<\/td>/.exec(matrix);
    assert.ok(cell, 'the failed cell');
    assert.match(cell[1]!, /<strong>a request for order 1<\/strong>/);
    assert.match(cell[1]!, /<code>body \$\.id<\/code> Expected &#39;one&#39; \(String\) to be an integer/);
    assert.ok(cell[1]!.includes(`href="${resultPath}"`));

    const whatIf = await page('/ui/environments/production?pacticipant=orders');
    const answer = whatIf.slice(whatIf.indexOf('id="whatif-result"'));
    assert.match(answer, /<code>status<\/code> expected 200 but was 500/);
    assert.ok(answer.includes(`href="${resultPath}"`), 'the page links the result on this broker');
  });

  it('the what-if in a browser (ui.js): ticking the service shows the mismatches and the link', async function () {
    const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(CHROMIUM)) this.skip();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${b.url}/ui/environments/production`, { waitUntil: 'load' });
      await page.getByLabel('orders', { exact: true }).check();
      await page.locator('#whatif-result[data-state]').waitFor();
      const failures = page.locator('#whatif-result .failures');
      await failures.first().waitFor();
      const text = (await failures.first().textContent())!;
      assert.match(text, /a request for order 1/);
      assert.match(text, /body \$\.id Expected 'one' \(String\) to be an integer/);
      assert.equal(await failures.first().locator('a').getAttribute('href'), resultUrl);
    } finally {
      await browser.close();
    }
  });
});
