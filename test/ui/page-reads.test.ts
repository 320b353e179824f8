import assert from 'node:assert/strict';
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
