import type { Migration } from './types.ts';

/**
 * Indexes the deletes and the version clean (issue 17) look rows up by, so that removing a version or a pact costs
 * the same at any history size: deployment and release history by version (is it needed by a rollback?), and
 * webhook triggers by the pact and provider version they name (removed with them, so none is left pointing at
 * nothing); a pacticipant's versions in creation order (is a version the latest, with a tag, on a branch?). Indexes only: no table changes, so nothing to export.
 */
const migration: Migration = {
  id: 13,
  name: 'lifecycle',
  up: () => [
    'CREATE INDEX deployed_versions_version ON deployed_versions (version_id)',
    'CREATE INDEX released_versions_version ON released_versions (version_id)',
    'CREATE INDEX webhook_triggers_pact_version ON webhook_triggers (pact_version_id)',
    'CREATE INDEX webhook_triggers_provider_version ON webhook_triggers (provider_version_id)',
    'CREATE INDEX versions_order ON versions (pacticipant_id, id)',
  ],
  down: () => [
    'DROP INDEX versions_order',
    'DROP INDEX webhook_triggers_provider_version',
    'DROP INDEX webhook_triggers_pact_version',
    'DROP INDEX released_versions_version',
    'DROP INDEX deployed_versions_version',
  ],
};
export default migration;
