import type { Migration } from './types.ts';

/**
 * Pact contents by hash (issue 15): a stored comparison is keyed by the pact's content hash, which does not name the
 * consumer or the provider, so the environments it can change are those of every pact version with that hash
 * (repositories/deployments.ts `environmentsOfComparison`).
 */
const migration: Migration = {
  id: 21,
  name: 'pact versions by hash',
  up: () => ['CREATE INDEX pact_versions_sha ON pact_versions (sha)'],
  down: () => ['DROP INDEX pact_versions_sha'],
};
export default migration;
