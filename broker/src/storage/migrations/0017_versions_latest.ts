import type { Migration } from './types.ts';

/**
 * A pacticipant's latest version (creation order) found through an index, whatever its history: the pacticipant
 * resources embed it (`_embedded.latestVersion`), as the Pact Broker's do.
 */
const migration: Migration = {
  id: 17,
  name: 'versions_latest',
  up: () => ['CREATE INDEX versions_latest ON versions (pacticipant_id, id)'],
  down: () => ['DROP INDEX versions_latest'],
};
export default migration;
