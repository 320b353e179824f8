import core from './0001_core.ts';
import jobs from './0002_jobs.ts';
import evidence from './0003_evidence.ts';
import audit from './0004_audit.ts';
import webhooks from './0005_webhooks.ts';
import labels from './0006_labels.ts';
import outbox from './0007_outbox.ts';
import writeCounter from './0008_write_counter.ts';
import verificationFailures from './0009_verification_failures.ts';
import verificationWip from './0010_verification_wip.ts';
import readIndexes from './0011_read_indexes.ts';
import webhookOwners from './0012_webhook_owners.ts';
import lifecycle from './0013_lifecycle.ts';
import writeScale from './0014_write_scale.ts';
import openapiChanges from './0015_openapi_changes.ts';
import versionsLatest from './0017_versions_latest.ts';
import versionMigrations from './0018_version_migrations.ts';
import versionRequirements from './0019_version_requirements.ts';
import rollbackSafety from './0020_rollback_safety.ts';
import pactVersionsSha from './0021_pact_versions_sha.ts';
import answerStampChanges from './0022_answer_stamp_changes.ts';
import pairCoveringIndexes from './0023_pair_covering_indexes.ts';
import type { Migration } from './types.ts';

/** Every migration, in order. Add new ones at the end with the next number; never edit a released one. */
export const migrations: Migration[] = [
  core,
  jobs,
  evidence,
  audit,
  webhooks,
  labels,
  outbox,
  writeCounter,
  verificationFailures,
  verificationWip,
  readIndexes,
  webhookOwners,
  lifecycle,
  writeScale,
  openapiChanges,
  versionsLatest,
  versionMigrations,
  versionRequirements,
  rollbackSafety,
  pactVersionsSha,
  answerStampChanges,
  pairCoveringIndexes,
];
