import type { Migration } from './types.ts';

/**
 * The matrix between pacticipants from its indexes alone (issue 15: domain/matrix/pair-listing.ts). Counting a pair's
 * rows walked its publications along (consumer, provider, consumer version) and fetched each row for its revision and
 * pact version, then each verification for its outcome: at 150,000 versions one request touched more pages than a
 * reader thread's page cache holds, and read them again every time. The same two indexes, each with the columns those
 * reads need: the pair's publications and their verifications' outcomes are contiguous index ranges. No statement
 * more per write.
 */
const migration: Migration = {
  id: 23,
  name: 'pair covering indexes',
  up: () => [
    'DROP INDEX pact_publications_pair',
    'CREATE INDEX pact_publications_pair ON pact_publications (consumer_id, provider_id, consumer_version_id, revision, pact_version_id)',
    'DROP INDEX verifications_pact_provider_version',
    'CREATE INDEX verifications_pact_provider_version ON verifications (pact_version_id, provider_version_id, success)',
  ],
  down: () => [
    'DROP INDEX pact_publications_pair',
    'CREATE INDEX pact_publications_pair ON pact_publications (consumer_id, provider_id, consumer_version_id)',
    'DROP INDEX verifications_pact_provider_version',
    'CREATE INDEX verifications_pact_provider_version ON verifications (pact_version_id, provider_version_id)',
  ],
};
export default migration;
