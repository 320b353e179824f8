import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

/** A provider contract's identity (no document text). */
export interface ContractRef {
  id: number;
  provider_id: number;
  provider_version_id: number;
  content_sha: string;
}

export function* contractRef(id: number): Program<ContractRef | undefined> {
  return yield* contractRefs.get(`SELECT ${REF} FROM provider_contracts pc WHERE pc.id = ?`, [id]);
}

/** The newest contract of a version, as a reference. */
export function* contractRefOfVersion(versionId: number): Program<ContractRef | undefined> {
  return yield* contractRefs.get(
    `SELECT ${REF} FROM provider_contracts pc WHERE pc.provider_version_id = ? ORDER BY pc.id DESC LIMIT 1`,
    [versionId],
  );
}

/** The newest contract of each of the versions (those with one), by version id: one read per few hundred versions. */
export function* contractRefsOfVersions(versionIds: readonly number[]): Program<Map<number, ContractRef>> {
  const out = new Map<number, ContractRef>();
  if (!versionIds.length) return out;
  const rows = yield* contractRefs.allIn(versionIds, (ids, chunk) => [
    `SELECT ${REF} FROM provider_contracts pc WHERE pc.id IN (
       SELECT MAX(c.id) FROM provider_contracts c WHERE c.provider_version_id IN ${ids} GROUP BY c.provider_version_id)`,
    chunk,
  ]);
  for (const r of rows) out.set(r.provider_version_id, r);
  return out;
}

const REF = 'pc.id, pc.provider_id, pc.provider_version_id, pc.content_sha';
const contractRefs = rowType<ContractRef>('provider contract reference', {
  id: integer,
  provider_id: integer,
  provider_version_id: integer,
  content_sha: text,
});

/** What changed from the document `base_sha` to the document `revision_sha` (migration 0015). */
export interface OpenApiChangesRow {
  id: number;
  base_sha: string;
  revision_sha: string;
  /** The engine's DiffResult as JSON; null when `failure` says why there is none. */
  result: string | null;
  failure: string | null;
  /** 1 when a finding is at level ERR (a breaking change). */
  breaking: number;
  duration_ms: number | null;
  created_at: string;
}

const changesRows = rowType<OpenApiChangesRow>('openapi changes', {
  id: integer,
  base_sha: text,
  revision_sha: text,
  result: nullable(text),
  failure: nullable(text),
  breaking: flag,
  duration_ms: nullable(integer),
  created_at: text,
});

export interface NewOpenApiChanges {
  baseSha: string;
  revisionSha: string;
  result?: unknown;
  failure?: string;
  breaking: boolean;
  durationMs?: number;
}

/** Stores the changes of a pair once: a second answer for the same documents is ignored (it would be the same). */
export function* saveOpenApiChanges(c: NewOpenApiChanges): Program<void> {
  yield* run(
    `INSERT INTO openapi_changes (base_sha, revision_sha, result, failure, breaking, duration_ms, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (base_sha, revision_sha) DO NOTHING`,
    [
      c.baseSha,
      c.revisionSha,
      c.result === undefined ? null : JSON.stringify(c.result),
      c.failure ?? null,
      c.breaking ? 1 : 0,
      c.durationMs ?? null,
      nowIso(),
    ],
  );
}

export function* findOpenApiChanges(baseSha: string, revisionSha: string): Program<OpenApiChangesRow | undefined> {
  return yield* changesRows.get('SELECT * FROM openapi_changes WHERE base_sha = ? AND revision_sha = ?', [
    baseSha,
    revisionSha,
  ]);
}

/** Whether the changes of a pair are stored, without reading them. */
export function* openApiChangesKnown(baseSha: string, revisionSha: string): Program<boolean> {
  const row = yield* changesRows.get('SELECT * FROM openapi_changes WHERE base_sha = ? AND revision_sha = ? LIMIT 1', [
    baseSha,
    revisionSha,
  ]);
  return row !== undefined;
}

/**
 * The newest contract of the provider on `branch` published for another version than `exceptVersionId`: the
 * document a new main-branch document is compared with.
 */
export function* previousContractOnBranch(
  providerId: number,
  branch: string,
  exceptVersionId: number,
): Program<ContractRef | undefined> {
  return yield* contractRefs.get(
    `SELECT ${REF} FROM provider_contracts pc
       JOIN branch_versions bv ON bv.version_id = pc.provider_version_id
       JOIN branches b ON b.id = bv.branch_id
     WHERE pc.provider_id = ? AND b.name = ? AND pc.provider_version_id <> ?
     ORDER BY pc.id DESC LIMIT 1`,
    [providerId, branch, exceptVersionId],
  );
}

/**
 * The newest contract of each provider version deployed (now or before) or released in any environment, newest
 * deployments first, at most `limit` versions: the documents a new document is compared with, in both directions
 * (a deploy moves from one to the other, a rollback back).
 */
export function* contractsOfDeployedVersions(
  providerId: number,
  exceptVersionId: number,
  limit: number,
): Program<ContractRef[]> {
  return yield* contractRefs.all(
    `SELECT ${REF} FROM provider_contracts pc
     WHERE pc.id IN (SELECT MAX(c.id) FROM provider_contracts c
                     WHERE c.provider_id = ? AND c.provider_version_id <> ? AND c.provider_version_id IN (
                       SELECT d.version_id FROM deployed_versions d WHERE d.pacticipant_id = ?
                       UNION SELECT r.version_id FROM released_versions r WHERE r.pacticipant_id = ?)
                     GROUP BY c.provider_version_id)
     ORDER BY pc.id DESC LIMIT ?`,
    [providerId, exceptVersionId, providerId, providerId, limit],
  );
}

/** The provider's `limit` newest documents of other versions (a deployment pairs with them: candidates to deploy next). */
export function* recentContracts(providerId: number, exceptVersionId: number, limit: number): Program<ContractRef[]> {
  return yield* contractRefs.all(
    `SELECT ${REF} FROM provider_contracts pc WHERE pc.provider_id = ? AND pc.provider_version_id <> ?
     ORDER BY pc.id DESC LIMIT ?`,
    [providerId, exceptVersionId, limit],
  );
}

/** The provider's versions that have a document, newest first (at most `limit`): the choices to compare with. */
export function* versionsWithDocuments(providerId: number, limit: number): Program<string[]> {
  const rows = yield* versionNumbers.all(
    `SELECT v.number FROM versions v WHERE v.pacticipant_id = ?
       AND EXISTS (SELECT 1 FROM provider_contracts pc WHERE pc.provider_version_id = v.id)
     ORDER BY v.id DESC LIMIT ?`,
    [providerId, limit],
  );
  return rows.map((r) => r.number);
}

const versionNumbers = rowType<{ number: string }>('version number', { number: text });
