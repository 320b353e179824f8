import { pk, type Migration } from './types.ts';

/**
 * Issue 15 (writes at scale):
 * - Indexes the background evidence planner and the per-environment answer stamps need, so that neither walks
 *   a history (a version's deployments and releases, by version, are 0013's indexes): an instance's prior
 *   deployment (newest first per pacticipant, environment and instance), an environment's current deployments
 *   and supported releases (a provider's consumers and a pacticipant's live releases use 0011's indexes).
 * - `answer_stamp_log`: one row per write that can change cached answers, with its scope: `env:<id>` for a write
 *   that declared the environments it touches (a deployment there; a pact, verification or evidence of a version
 *   deployed or released there), `*` for every other data write. A cached answer for an environment is stamped
 *   with the count of its scope and of `*` (storage/answer-stamps.ts): an append-only log, so concurrent writers
 *   never update one row (PostgreSQL), folded into `answer_stamps` by the maintenance task.
 */
const migration: Migration = {
  id: 14,
  name: 'write_scale',
  up: (d) => [
    'CREATE INDEX deployed_versions_instance ON deployed_versions (pacticipant_id, environment_id, application_instance, id)',
    'CREATE INDEX deployed_versions_live ON deployed_versions (environment_id) WHERE undeployed_at IS NULL',
    'CREATE INDEX released_versions_supported_env ON released_versions (environment_id) WHERE support_ended_at IS NULL',
    'CREATE INDEX provider_contracts_content ON provider_contracts (content_sha)',
    'CREATE INDEX verifications_provider_version_success ON verifications (provider_version_id, success, consumer_id)',
    `CREATE TABLE answer_stamps (scope TEXT NOT NULL PRIMARY KEY, n ${d === 'sqlite' ? 'INTEGER' : 'BIGINT'} NOT NULL)`,
    `CREATE TABLE answer_stamp_log (id ${pk(d)}, scope TEXT NOT NULL)`,
    'CREATE INDEX answer_stamp_log_scope ON answer_stamp_log (scope)',
  ],
  down: () => [
    'DROP TABLE answer_stamp_log',
    'DROP TABLE answer_stamps',
    'DROP INDEX verifications_provider_version_success',
    'DROP INDEX provider_contracts_content',
    'DROP INDEX released_versions_supported_env',
    'DROP INDEX deployed_versions_live',
    'DROP INDEX deployed_versions_instance',
  ],
};
export default migration;
