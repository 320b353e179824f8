import type { Migration } from './types.ts';

/**
 * Whether a verification result was published through a work-in-progress pact's URL (the pact URL that pacts for
 * verification gave carries the WIP flag in its metadata segment). Such a result counts in the matrix, but not when
 * deciding whether a pact is still pending or work in progress (issue 14; the Pact Broker's verifications.wip).
 * Results published before this column existed count as they did (0).
 */
const migration: Migration = {
  id: 10,
  name: 'verification wip',
  up: () => ['ALTER TABLE verifications ADD COLUMN wip INTEGER NOT NULL DEFAULT 0'],
  down: () => ['ALTER TABLE verifications DROP COLUMN wip'],
};
export default migration;
