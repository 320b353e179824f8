import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

for (const adapter of adapters()) {
  describe(`diagnostics [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('heartbeat answers 200 without touching the database, even when it is gone', async () => {
      const res = await b.api.get('/diagnostic/status/heartbeat');
      assert.equal(res.status, 200);
      assert.equal(res.body.ok, true);
      await b.deps.store.close();
      assert.equal((await b.api.get('/diagnostic/status/heartbeat')).status, 200);
    });

    it('dependencies answers 200 with database ok, and 503 with the reason when the database fails', async () => {
      const ok = await b.api.get('/diagnostic/status/dependencies');
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.body.database, { ok: true });
      assert.equal(ok.headers.get('cache-control'), 'no-store');
      await b.deps.store.close();
      const down = await b.api.get('/diagnostic/status/dependencies');
      assert.equal(down.status, 503, down.text);
      assert.equal(down.body.database.ok, false);
      assert.ok(typeof down.body.database.error === 'string' && down.body.database.error.length > 0);
    });
  });
}
