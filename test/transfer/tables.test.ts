import assert from 'node:assert/strict';
import { NOT_EXPORTED, TABLE_OF } from '../../broker/src/transfer/records.ts';
import { schemaTables } from '../support/schema-tables.ts';
import { adapters, startTestBroker } from '../support/test-broker.ts';

/** Every table of the schema is in the export or deliberately left out: a new table is a decision (docs/operations.md). */
for (const adapter of adapters()) {
  describe(`the export covers the schema (${adapter})`, () => {
    it('exports or lists as derived/bookkeeping every table', async () => {
      const b = await startTestBroker({ adapter });
      try {
        const exported = new Set(Object.values(TABLE_OF));
        const unclassified = (await schemaTables(b.deps.store)).filter((t) => !exported.has(t) && !(t in NOT_EXPORTED));
        assert.deepEqual(
          unclassified,
          [],
          'tables neither exported nor listed in NOT_EXPORTED (broker/src/transfer/records.ts)',
        );
      } finally {
        await b.destroy();
      }
    });
  });
}
