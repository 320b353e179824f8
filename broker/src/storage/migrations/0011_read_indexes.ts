import type { Migration } from './types.ts';

/**
 * Indexes for reads that must grow with what they return, not with history (issue 15): pacts for verification
 * finds a provider's consumers, branch and tag heads and recent publications through them
 * (repositories/verification-candidates.ts); live releases are found per pacticipant. Tag heads also walk
 * `versions (pacticipant_id, id)`, which migration 0017 (`versions_latest`) creates. EXPLAINs in docs/benchmarks.md.
 */
const migration: Migration = {
  id: 11,
  name: 'read_indexes',
  up: () => [
    'CREATE INDEX pact_publications_provider ON pact_publications (provider_id, consumer_id, consumer_version_id)',
    'CREATE INDEX pact_publications_provider_created ON pact_publications (provider_id, created_at)',
    'CREATE INDEX released_versions_live ON released_versions (pacticipant_id) WHERE support_ended_at IS NULL',
  ],
  down: () => [
    'DROP INDEX released_versions_live',
    'DROP INDEX pact_publications_provider_created',
    'DROP INDEX pact_publications_provider',
  ],
};
export default migration;
