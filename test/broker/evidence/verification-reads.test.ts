/**
 * A pact content is verified by every provider build that runs it, so its verifications grow with history; a gate asks
 * about the provider versions in play. The evidence read returns the verifications of those (issue 15: reads grow with
 * what they return, not with history), on both stores, and decides the pairs as before.
 */
import assert from 'node:assert/strict';
import { resolveEvidence } from '../../../broker/src/domain/evidence/resolve.ts';
import { all, type Program, type SqlOp } from '../../../broker/src/storage/sql.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/** Runs `program`, telling `seen` the rows each statement returned. */
function* withRows<T>(program: Program<T>, seen: (sql: string, rows: unknown[]) => void): Program<T> {
  let step = program.next();
  while (!step.done) {
    const op: SqlOp = step.value;
    const result: unknown = yield op;
    if (op.kind === 'all' || op.kind === 'get')
      seen(typeof op.sql === 'string' ? op.sql : op.sql.sqlite, Array.isArray(result) ? result : [result]);
    step = program.next(result as never);
  }
  return step.value;
}

for (const adapter of adapters()) {
  describe(`the verifications an evidence read returns [${adapter}]`, () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter });
      const td = b.td.publishPact({ consumer: 'web', version: '1', provider: 'orders' });
      // 40 provider builds verified the same pact; build 13 failed.
      for (let n = 1; n <= 40; n++)
        td.verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: `${n}`, success: n !== 13 });
      await td;
    });
    after(async () => b.destroy());

    it('are those of the provider versions asked about, not every build that ever verified the pact', async () => {
      const ids = await b.deps.store.read(function* () {
        const [pact] = yield* all<{ id: number; sha: string }>(
          'SELECT pv.id, pv.sha FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE c.name = ?',
          ['web'],
        );
        const versions = yield* all<{ id: number; number: string }>(
          "SELECT v.id, v.number FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = 'orders'",
        );
        return { pact: pact!, version: new Map(versions.map((v) => [v.number, v.id])) };
      });
      const asked = ['12', '13'].map((n) => ({
        pactVersionId: ids.pact.id,
        pactSha: ids.pact.sha,
        providerVersionId: ids.version.get(n)!,
      }));
      const reads: { sql: string; rows: unknown[] }[] = [];
      const evidence = await b.deps.store.read(() =>
        withRows(resolveEvidence(asked), (sql, rows) => reads.push({ sql, rows })),
      );
      assert.deepEqual(
        asked.map((q) => evidence.get(`${q.pactVersionId}:${q.providerVersionId}`)?.verdict),
        ['compatible', 'incompatible'],
      );
      const read = reads.find((r) => /FROM verifications vr/.test(r.sql));
      assert.ok(read, reads.map((r) => r.sql).join('\n'));
      // On PostgreSQL the evidence inputs are one statement (`allEach`), the verifications its first column.
      const rows = adapter === 'postgres' ? (read.rows[0] as { r0: unknown[] }).r0 : read.rows;
      assert.equal(rows.length, 2, 'the verifications by provider versions 12 and 13 only');
    });
  });
}
