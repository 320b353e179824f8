/**
 * A fresh environment (issue 18): nothing has a version to roll back to yet. The any-subset answer is not a warning
 * (exit 0, "nothing to roll back to yet"), on the command line and on the web page; asking to roll back one such
 * service is still a no (exit 1) whose reason is `no-prior`.
 */
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

describe('can-i-rollback in a fresh environment', () => {
  let b: TestBroker;
  let env: Record<string, string>;

  before(async () => {
    b = await startTestBroker();
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    await b.td
      .environment('production')
      .publishPact({ consumer: 'web', version: '1.0.0', provider: 'orders' })
      .verify({ consumer: 'web', version: '1.0.0', provider: 'orders', providerVersion: '2.0.0', success: true })
      .deploy({ pacticipant: 'orders', version: '2.0.0', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '1.0.0', environment: 'production' });
  });
  after(() => b.destroy());

  it('the any-subset answer exits 0 and says there is nothing to roll back to yet', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production'], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.out,
      /^✔ Nothing to roll back to yet in production: orders and web have no version deployed before the current one/,
    );
    assert.match(r.out, /orders\s+2\.0\.0\s+\(none\)\s+nothing to roll back to yet/);
    assert.match(r.out, /web\s+1\.0\.0\s+\(none\)\s+nothing to roll back to yet/);
    assert.doesNotMatch(r.out, /Not every|Why:/);
  });

  it('a targeted rollback of a service without a prior version stays a no (exit 1), with reason no-prior', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders'], env);
    assert.equal(r.code, 1);
    assert.match(r.out, /✘ NOT SAFE to roll back orders/);
    assert.match(r.out, /orders\s+2\.0\.0\s+\(nothing to roll back to\)/);
    assert.match(r.out, /✘ orders has no version deployed before 2\.0\.0/);
    const json = JSON.parse(
      (await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '-o', 'json'], env)).out,
    );
    assert.equal(json.summary.rollbackable, false);
    assert.ok(json.reasons.some((x: { id: string }) => x.id === 'no-prior'));
  });

  it('once one service has a prior version, the others still read as nothing to roll back to yet, not as a problem', async () => {
    await b.td
      .publishPact({ consumer: 'web', version: '1.1.0', provider: 'orders' })
      .deploy({ pacticipant: 'web', version: '1.1.0', environment: 'production' });
    const r = await run(['can-i-rollback', '--environment', 'production'], env);
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /^✔ Every service in production can roll back on its own: .*nothing to roll back to yet for orders/,
    );
  });

  it('the web page does not warn: it says there is nothing to roll back to yet', async () => {
    const fresh = await startTestBroker();
    try {
      await fresh.td.environment('staging').deploy({ pacticipant: 'web', version: '1', environment: 'staging' });
      const res = await fetch(`${fresh.url}/ui/environments/staging`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200);
      const page = await res.text();
      const summary = /<p id="env-verdict" class="summary ([^"]+)">(.*?)<\/p>/s.exec(page);
      assert.ok(summary, 'the page has a summary');
      assert.equal(summary[1], 'v-ok');
      assert.match(summary[2]!, /Nothing to roll back to yet\./);
      assert.doesNotMatch(summary[2]!, /⚠|Not every/);
    } finally {
      await fresh.destroy();
    }
  });
});
