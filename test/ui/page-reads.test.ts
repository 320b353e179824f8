import assert from 'node:assert/strict';
import { settleEvidence } from '../support/settle.ts';
import { namedReadsDuring } from '../support/store-spies.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

/**
 * The heavy pages read through named reads (issue 15): with SQLite's reader threads they run in one, so a page at 300
 * services (every integration's state in every environment) never holds the event loop other requests wait on.
 */
describe('web pages read off the event loop', function () {
  this.timeout(60_000);
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker({ adapter: 'sqlite' });
    await b.td
      .environment('production')
      .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
      .deploy({ pacticipant: 'orders', version: '1', environment: 'production' });
  });
  after(async () => b.destroy());

  for (const [path, read] of [
    ['/ui/', 'overviewRead'],
    ['/ui/graph', 'serviceGraphRead'],
    ['/ui/pacticipants/orders', 'pacticipantPageRead'],
  ] as const)
    it(`${path} through ${read}`, async () => {
      const { names, result: page } = await namedReadsDuring(b.deps.store, () =>
        b.api.get(path, { accept: 'text/html' }),
      );
      assert.equal(page.status, 200, page.text);
      assert.match(page.text, /orders/);
      assert.ok(names.includes(read), `named reads: ${names.join(', ') || 'none'}`);
    });
});

/**
 * A service's page shows its own rollback verdict per environment: from the environment's any-subset answer when it is
 * cached, or else from a reader thread that sends back that service's report alone, not the whole answer (4 MB at 300
 * services). Either way the page says the same.
 */
describe("a service's rollback verdict on its page", function () {
  this.timeout(60_000);
  let b: TestBroker;
  before(async () => {
    // No rollback-safety evaluation, which would cache the environment's answer in the background.
    b = await startTestBroker({ adapter: 'sqlite', config: { rollbackSafety: false } });
    await b.td
      .environment('production')
      .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
      .publishPact({
        consumer: 'web',
        version: '2',
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: '/x' }),
      })
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
      .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
      .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
    // Subsumption checks done: an answer with evidence still being computed is never cached.
    await settleEvidence(b.deps.store);
  });
  after(async () => b.destroy());

  const verdictOf = (html: string) => /<li data-environment="production" data-verdict="([^"]+)"/.exec(html)?.[1];
  const verdictList = (html: string) => /<ul class="verdicts" data-rollback>[\s\S]*?<\/ul>/.exec(html)?.[0];

  it('comes from the service report alone when the answer is not cached, and from the cached answer when it is', async () => {
    const uncached = await namedReadsDuring(b.deps.store, () =>
      b.api.get('/ui/pacticipants/orders', { accept: 'text/html' }),
    );
    assert.equal(uncached.result.status, 200);
    assert.ok(uncached.names.includes('serviceReportsRead'), `named reads: ${uncached.names.join(', ')}`);
    assert.ok(!uncached.names.includes('rollbackRead'), 'the whole answer is not read for the page');
    // orders 2 -> 1 would meet web 2, whose pact orders 1 never verified: it cannot roll back alone, and says why.
    assert.equal(verdictOf(uncached.result.text), 'needs-companions', uncached.result.text);

    // The API's any-subset answer is cached; the page reads it from there, and says the same.
    const api = await b.api.get('/can-i-rollback?environment=production');
    assert.equal(api.status, 200);
    const cached = await namedReadsDuring(b.deps.store, () =>
      b.api.get('/ui/pacticipants/orders', { accept: 'text/html' }),
    );
    assert.deepEqual(
      cached.names.filter((n) => n !== 'pacticipantPageRead'),
      [],
      'nothing but the page itself is read',
    );
    assert.ok(verdictList(cached.result.text), cached.result.text);
    assert.equal(verdictList(cached.result.text), verdictList(uncached.result.text));
  });
});
