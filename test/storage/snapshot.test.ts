import assert from 'node:assert/strict';
import { run } from '../../broker/src/storage/sql.ts';
import { snapshotTables } from '../support/snapshot.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';

/** The snapshot behind "the request changed nothing" (test/broker/features/support.ts `refused`). */
for (const adapter of adapters()) {
  describe(`the changed-nothing snapshot [${adapter}]`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      const res = await b.api.post('/environments', { name: 'production', production: true });
      assert.equal(res.status, 201, res.text);
    });
    after(() => b?.destroy());

    it('holds every table of the schema, the background-work and log tables included', async () => {
      const snap = await snapshotTables(b.deps.store);
      for (const table of ['environments', 'jobs', 'outbox', 'audit_log', 'webhook_triggers', 'webhook_executions'])
        assert.ok(table in snap, `no ${table} in ${Object.keys(snap).join(', ')}`);
      assert.ok(Object.keys(snap).length >= 25, Object.keys(snap).join(', '));
      assert.equal(snap.environments.length, 1);
      assert.ok(snap.audit_log.length >= 1, 'the environment was audited');
    });

    it('differs when only the audit log or only the outbox changed', async () => {
      const before = await snapshotTables(b.deps.store);
      assert.deepEqual(await snapshotTables(b.deps.store), before);
      await b.deps.store.write(() => run('DELETE FROM audit_log'));
      const afterAudit = await snapshotTables(b.deps.store);
      assert.notDeepEqual(afterAudit.audit_log, before.audit_log);
      assert.deepEqual({ ...afterAudit, audit_log: [] }, { ...before, audit_log: [] });
      await b.deps.store.write(() => run('DELETE FROM outbox'));
      assert.notDeepEqual((await snapshotTables(b.deps.store)).outbox, before.outbox);
    });
  });
}
