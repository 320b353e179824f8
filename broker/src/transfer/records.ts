import { z } from 'zod';

/**
 * The NDJSON stream of a whole broker (docs/operations.md "The export format"): one JSON object per line, a `header`
 * first, an `end` with the counts last, and between them one record per row of the broker's own data, kinds in the
 * order of KINDS (everything a record names comes before it), rows of a kind in the order they were written. Records
 * name what they refer to by natural keys (pacticipant name, version number, pact content sha, environment name,
 * uuids), never by database ids, so the stream is the same whatever ids a database gave, and importing it remaps ids.
 * Derived data (comparisons, subsumption checks, queued work, the outbox, delivery logs) is not in it: an import
 * queues its recomputation. The rollback-safety watch's last verdicts are (schema 2), so the imported broker reports
 * changes from where the exported one left off.
 *
 * Versioned: `schemaVersion` changes when a kind or field is added or changes meaning; an importer refuses a newer one
 * and reads older ones (1: without `rollbackVerdict`).
 */
export const SCHEMA_VERSION = 2;
export const FORMAT = 'rollgate-ndjson';

const str = z.string();
const opt = z.string().nullable();
const time = z.string().min(1);

export const recordSchemas = {
  pacticipant: z.object({
    type: z.literal('pacticipant'),
    name: str.min(1),
    displayName: opt,
    mainBranch: opt,
    repositoryUrl: opt,
    repositoryName: opt,
    repositoryNamespace: opt,
    createdAt: time,
    updatedAt: time,
  }),
  label: z.object({ type: z.literal('label'), pacticipant: str, name: str.min(1), createdAt: time }),
  environment: z.object({
    type: z.literal('environment'),
    uuid: str.min(1),
    name: str.min(1),
    displayName: opt,
    production: z.boolean(),
    /** The contacts as stored: a JSON text, or null. */
    contacts: opt,
    createdAt: time,
    updatedAt: time,
  }),
  version: z.object({
    type: z.literal('version'),
    pacticipant: str,
    number: str.min(1),
    buildUrl: opt,
    createdAt: time,
    updatedAt: time,
  }),
  branch: z.object({ type: z.literal('branch'), pacticipant: str, name: str.min(1), createdAt: time }),
  branchVersion: z.object({
    type: z.literal('branchVersion'),
    pacticipant: str,
    branch: str,
    version: str,
    createdAt: time,
  }),
  tag: z.object({ type: z.literal('tag'), pacticipant: str, version: str, name: str.min(1), createdAt: time }),
  /** A pact content, shared by the consumer versions that published it. `content` is the stored JSON text, exactly. */
  pactVersion: z.object({
    type: z.literal('pactVersion'),
    consumer: str,
    provider: str,
    sha: str.min(1),
    content: str,
    specVersion: str,
    interactionCount: z.number().int().nonnegative(),
    createdAt: time,
  }),
  pactPublication: z.object({
    type: z.literal('pactPublication'),
    consumer: str,
    consumerVersion: str,
    provider: str,
    sha: str,
    revision: z.number().int().positive(),
    createdAt: time,
  }),
  verification: z.object({
    type: z.literal('verification'),
    consumer: str,
    provider: str,
    sha: str,
    providerVersion: str,
    success: z.boolean(),
    buildUrl: opt,
    /** JSON texts as stored. */
    testResults: opt,
    verifiedBy: opt,
    failures: opt,
    /** Published for a pact that was WIP (work in progress) for that provider version. */
    wip: z.boolean(),
    createdAt: time,
  }),
  providerContract: z.object({
    type: z.literal('providerContract'),
    provider: str,
    providerVersion: str,
    contentSha: str,
    content: str,
    contentType: str,
    specification: str,
    document: str,
    selfVerification: opt,
    createdAt: time,
  }),
  deployedVersion: z.object({
    type: z.literal('deployedVersion'),
    uuid: str.min(1),
    pacticipant: str,
    version: str,
    environment: str,
    /** '' for a deployment without an application instance. */
    applicationInstance: str,
    undeployedAt: opt,
    createdAt: time,
  }),
  releasedVersion: z.object({
    type: z.literal('releasedVersion'),
    uuid: str.min(1),
    pacticipant: str,
    version: str,
    environment: str,
    supportEndedAt: opt,
    createdAt: time,
  }),
  /** A data migration a version introduced (issue 21). */
  versionMigration: z.object({
    type: z.literal('versionMigration'),
    pacticipant: str,
    version: str,
    migrationId: str.min(1),
    reversible: z.boolean(),
    down: opt,
    createdAt: time,
  }),
  /** A requirement a version declares on another pacticipant (issue 21): `atLeast` or `semverRange`. */
  versionRequirement: z.object({
    type: z.literal('versionRequirement'),
    pacticipant: str,
    version: str,
    required: str,
    atLeast: opt,
    semverRange: opt,
    createdAt: time,
    updatedAt: time,
  }),
  /**
   * The rollback-safety watch's last verdict for a deployed pacticipant (issue 21): carried over so the imported
   * broker's next evaluation compares with it, and does not announce every blocked service again as news.
   */
  rollbackVerdict: z.object({
    type: z.literal('rollbackVerdict'),
    environment: str,
    pacticipant: str,
    verdict: str,
    reason: str,
  }),
  verificationRequest: z.object({
    type: z.literal('verificationRequest'),
    consumer: str,
    provider: str,
    sha: str,
    providerVersion: str,
    reason: str,
    firstRequestedAt: time,
    requestedAt: time,
    requestCount: z.number().int().positive(),
  }),
  webhook: z.object({
    type: z.literal('webhook'),
    uuid: str.min(1),
    description: opt,
    consumerName: opt,
    consumerLabel: opt,
    providerName: opt,
    providerLabel: opt,
    enabled: z.boolean(),
    /** JSON texts as stored (the request keeps its secrets: protect the file). */
    events: str,
    request: str,
    createdAt: time,
    updatedAt: time,
  }),
  webhookOwner: z.object({
    type: z.literal('webhookOwner'),
    webhookUuid: str,
    principal: str,
    principalKind: str,
    createdAt: time,
  }),
  audit: z.object({
    type: z.literal('audit'),
    occurredAt: time,
    requestId: opt,
    principal: str,
    principalKind: str,
    action: str,
    subject: str,
    detail: opt,
  }),
} as const;

export type Kind = keyof typeof recordSchemas;
export type RecordOf<K extends Kind> = z.infer<(typeof recordSchemas)[K]>;
export type DataRecord = { [K in Kind]: RecordOf<K> }[Kind];

/** The kinds in stream order: a record only names things of kinds before it. */
export const KINDS: readonly Kind[] = [
  'pacticipant',
  'label',
  'environment',
  'version',
  'branch',
  'branchVersion',
  'tag',
  'pactVersion',
  'pactPublication',
  'verification',
  'providerContract',
  'deployedVersion',
  'releasedVersion',
  'versionMigration',
  'versionRequirement',
  'rollbackVerdict',
  'verificationRequest',
  'webhook',
  'webhookOwner',
  'audit',
];

export const headerSchema = z.object({
  type: z.literal('header'),
  format: z.literal(FORMAT),
  schemaVersion: z.number().int().positive(),
});

export const endSchema = z.object({
  type: z.literal('end'),
  counts: z.record(z.string(), z.number().int().nonnegative()),
});

export type Counts = Record<Kind, number>;

export const zeroCounts = (): Counts => Object.fromEntries(KINDS.map((k) => [k, 0])) as Counts;

/** The table each kind's records are rows of. */
export const TABLE_OF: Record<Kind, string> = {
  pacticipant: 'pacticipants',
  label: 'labels',
  environment: 'environments',
  version: 'versions',
  branch: 'branches',
  branchVersion: 'branch_versions',
  tag: 'tags',
  pactVersion: 'pact_versions',
  pactPublication: 'pact_publications',
  verification: 'verifications',
  providerContract: 'provider_contracts',
  deployedVersion: 'deployed_versions',
  releasedVersion: 'released_versions',
  versionMigration: 'version_migrations',
  versionRequirement: 'version_requirements',
  rollbackVerdict: 'rollback_safety',
  verificationRequest: 'verification_requests',
  webhook: 'webhooks',
  webhookOwner: 'webhook_owners',
  audit: 'audit_log',
};

/**
 * Tables the stream leaves out, and why (test/transfer/tables.test.ts checks every table of the schema is either
 * exported or listed here, so a new table is a decision).
 */
export const NOT_EXPORTED: Record<string, string> = {
  comparisons: 'derived: recomputed after import',
  openapi_changes: 'derived: OpenAPI changes between documents, computed in the background',
  subsumptions: 'derived: recomputed after import',
  rollback_safety_changes: 'the rollback-safety timeline of this broker (issue 21): not part of the contract data',
  rollback_safety_environments: 'derived: per-environment counts of the rollback-safety evaluation',
  jobs: 'queued work: an import queues its own',
  outbox: 'events already consumed or about to be',
  webhook_triggers: 'delivery log',
  webhook_executions: 'delivery log',
  write_counter: 'per database',
  answer_stamps: 'per database: the stamps of cached answers',
  answer_stamp_log: 'per database: the stamps of cached answers',
  write_log: 'per database',
  schema_migrations: 'per database',
};
