/**
 * Narrow reads for the evidence runtime and the comparison resource: only the columns needed, so a
 * question or a queued job never drags a whole pact or OpenAPI document (hundreds of KB) out of the
 * store when it does not use it, and the repeated answer for a pair is one indexed query.
 */
import {
  all,
  allEach,
  allIn,
  dialect,
  get,
  IN_CHUNK,
  inList,
  type Program,
  type SqlParam,
  type SqlText,
} from '../../storage/sql.ts';
import { decodeComparisons, type ComparisonRow } from '../../repositories/evidence.ts';

/** A pact version's identity, without its content. */
export interface PactVersionRef {
  id: number;
  provider_id: number;
  sha: string;
}

export function* pactVersionRef(id: number): Program<PactVersionRef | undefined> {
  return yield* get<PactVersionRef>('SELECT id, provider_id, sha FROM pact_versions WHERE id = ?', [id]);
}

/** A pact version's stored JSON text (what a worker thread parses). */
export function* pactText(id: number): Program<{ id: number; sha: string; content: string } | undefined> {
  return yield* get('SELECT id, sha, content FROM pact_versions WHERE id = ?', [id]);
}

/** A provider contract's stored document as JSON text, and its content hash. */
export function* documentText(contractId: number): Program<{ content_sha: string; document: string } | undefined> {
  return yield* get('SELECT content_sha, document FROM provider_contracts WHERE id = ?', [contractId]);
}

/** The stored answer for (pact version, provider version): every column the comparison resource shows. */
export interface ComparisonAnswerRow {
  pact_sha: string;
  /** Null when the provider version has no document. */
  document_sha: string | null;
  self_verification: string | null;
  /** The document's specification (null without one): `UNREADABLE_SPECIFICATION` when it is no OpenAPI document. */
  specification: string | null;
  /** Null while the comparison is pending. */
  result: 'compatible' | 'incompatible' | 'unknown' | null;
  findings: string | null;
  reason: string | null;
  engine_name: string | null;
  engine_version: string | null;
  duration_ms: number | null;
  created_at: string | null;
}

/**
 * One query, each step on a unique index: the provider and consumer by name, the pact version by
 * (consumer, provider, sha), the provider version by (provider, number), its latest contract by
 * provider_contracts_version, the verdict by (pact_sha, document_sha). Undefined when the pact or
 * the version does not exist (the caller then names what is missing).
 */
export function* comparisonAnswerRow(
  provider: string,
  consumer: string,
  sha: string,
  providerVersion: string,
): Program<ComparisonAnswerRow | undefined> {
  return yield* get<ComparisonAnswerRow>(
    `SELECT pv.sha AS pact_sha, pc.content_sha AS document_sha, pc.self_verification, pc.specification,
            c.result, c.findings, c.reason, c.engine_name, c.engine_version, c.duration_ms, c.created_at
       FROM pacticipants p
       JOIN pacticipants cn ON cn.name = ?
       JOIN pact_versions pv ON pv.consumer_id = cn.id AND pv.provider_id = p.id AND pv.sha = ?
       JOIN versions v ON v.pacticipant_id = p.id AND v.number = ?
       LEFT JOIN provider_contracts pc ON pc.id = (SELECT MAX(x.id) FROM provider_contracts x WHERE x.provider_version_id = v.id)
       LEFT JOIN comparisons c ON c.pact_sha = pv.sha AND c.document_sha = pc.content_sha
      WHERE p.name = ?`,
    [consumer, sha, providerVersion, provider],
  );
}

/** The state of the comparison job for a pact and a document, if one was ever queued (jobs keyed `sha:sha`). */
export function* comparisonJobState(
  pactSha: string,
  documentSha: string,
): Program<{ status: 'queued' | 'running' | 'done' | 'failed'; last_error: string | null } | undefined> {
  return yield* get('SELECT status, last_error FROM jobs WHERE kind = ? AND dedupe_key = ?', [
    'compare',
    `${pactSha}:${documentSha}`,
  ]);
}

/**
 * The subsumption checks of these pacts (as A, "is A subsumed by B") whose job is queued or running: one range of
 * the jobs' (kind, dedupe_key) index per pact (keys `A:B`).
 */
export function* subsumptionsInProgress(
  pactVersionIds: number[],
): Program<{ pactVersionId: number; byPactVersionId: number }[]> {
  const out: { pactVersionId: number; byPactVersionId: number }[] = [];
  const ids = [...new Set(pactVersionIds)];
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    out.push(...subsumeKeys(yield* all<{ dedupe_key: string }>(...subsumptionsInProgressSql(chunk))));
  }
  return out;
}

/**
 * Subsumption checks per pact in one range each of the jobs' (kind, dedupe_key) index; at most 400 pacts. The kind is
 * in every range and SQLite is told not to use the status (`+status`): with `kind = 'subsume' AND status IN (...)`
 * outside the ranges SQLite read every queued check through `jobs_claim` instead (91 ms at 6,000 queued, against
 * 10 ms for the ranges).
 */
const subsumptionsInProgressSql = (chunk: number[]): [SqlText, string[]] => {
  const ranges = chunk.map(() => `(kind = 'subsume' AND dedupe_key >= ? AND dedupe_key < ?)`).join(' OR ');
  return [
    {
      sqlite: `SELECT dedupe_key FROM jobs WHERE +status IN ('queued', 'running') AND (${ranges})`,
      postgres: `SELECT dedupe_key FROM jobs WHERE status IN ('queued', 'running') AND (${ranges})`,
    },
    chunk.flatMap((id) => [`${id}:`, `${id};`]),
  ];
};

const subsumeKeys = (rows: { dedupe_key: string }[]) =>
  rows.map((r) => {
    const [a, b] = r.dedupe_key.split(':').map(Number) as [number, number];
    return { pactVersionId: a, byPactVersionId: b };
  });

/**
 * The subsumption checks queued after job `afterId` (at most `limit` + 1: more say "too many"), and the last job's id,
 * in this snapshot: a range of the jobs' primary key from `afterId`. On SQLite, where one writer commits jobs in the
 * order of their ids (AUTOINCREMENT: never reused), a job not seen has a larger id than every job seen.
 */
export function* subsumptionChecksQueuedSince(
  afterId: number,
  limit: number,
): Program<{ lastId: number; checks: { pactVersionId: number; byPactVersionId: number }[] }> {
  const last = yield* get<{ id: number | null }>('SELECT MAX(id) AS id FROM jobs');
  const lastId = Number(last?.id ?? 0);
  const rows =
    lastId > afterId
      ? yield* all<{ dedupe_key: string }>(
          "SELECT dedupe_key FROM jobs WHERE id > ? AND kind = 'subsume' ORDER BY id LIMIT ?",
          [afterId, limit + 1],
        )
      : [];
  return { lastId, checks: subsumeKeys(rows) };
}

/**
 * The pacts (as A) of every subsumption check queued or running: one range of the jobs' claim index, as long as the
 * backlog of checks, not the history. For many pacts at once this is one statement where `subsumptionsInProgress`
 * needs one index range per pact (on PostgreSQL 40-60 ms for 1,500 pacts, against a few here).
 */
export function* pactsBeingChecked(): Program<Set<number>> {
  const rows = yield* all<{ dedupe_key: string }>(
    "SELECT dedupe_key FROM jobs WHERE kind = 'subsume' AND status IN ('queued', 'running')",
  );
  return new Set(subsumeKeys(rows).map((c) => c.pactVersionId));
}

/** Of the given comparison keys (`pactSha:documentSha`), those whose job is queued or running. */
export function* comparisonsInProgress(keys: string[]): Program<Set<string>> {
  const rows = yield* allIn<{ dedupe_key: string }>(keys, comparisonJobsQuery);
  return new Set(rows.map((r) => r.dedupe_key));
}

const comparisonJobsQuery = (placeholders: string, keys: SqlParam[]): [SqlText, SqlParam[]] => [
  `SELECT dedupe_key FROM jobs WHERE kind = ? AND status IN ('queued', 'running') AND dedupe_key IN ${placeholders}`,
  ['compare', ...keys],
];

/** The current contract of each given provider version (the last one published for it), without its texts. */
export interface ContractRef {
  id: number;
  provider_id: number;
  provider_version_id: number;
  content_sha: string;
  self_verification: string | null;
  /** `UNREADABLE_SPECIFICATION` for content that is no OpenAPI document (repositories/provider-contracts.ts). */
  specification: string;
}

export function* latestContractRefsOfVersions(providerVersionIds: number[]): Program<ContractRef[]> {
  return yield* allIn<ContractRef>(providerVersionIds, (ids, chunk) => [CONTRACT_REFS(ids), chunk]);
}

const CONTRACT_REFS = (ids: string) =>
  `SELECT pc.id, pc.provider_id, pc.provider_version_id, pc.content_sha, pc.self_verification, pc.specification
     FROM provider_contracts pc
    WHERE pc.id IN (SELECT MAX(id) FROM provider_contracts WHERE provider_version_id IN ${ids} GROUP BY provider_version_id)`;

/** The stored comparisons of some pact versions' contents with the current contracts of some provider versions. */
const COMPARISONS_OF_CONTRACTS = (pacts: number[], providers: number[]): [SqlText, SqlParam[]] => [
  `SELECT * FROM comparisons WHERE pact_sha IN (SELECT sha FROM pact_versions WHERE id IN ${inList(pacts)})
      AND document_sha IN (SELECT pc.content_sha FROM provider_contracts pc WHERE pc.id IN
            (SELECT MAX(id) FROM provider_contracts WHERE provider_version_id IN ${inList(providers)} GROUP BY provider_version_id))`,
  [...pacts, ...providers],
];

/** The comparison jobs queued or running of the same pact contents and documents (a comparison's key is both hashes). */
const COMPARISON_JOBS_OF_CONTRACTS = (pacts: number[], providers: number[]): [SqlText, SqlParam[]] => [
  `SELECT dedupe_key FROM jobs WHERE kind = 'compare' AND status IN ('queued', 'running') AND dedupe_key IN
     (SELECT pv.sha || ':' || pc.content_sha FROM pact_versions pv, provider_contracts pc
       WHERE pv.id IN ${inList(pacts)} AND pc.id IN
             (SELECT MAX(id) FROM provider_contracts WHERE provider_version_id IN ${inList(providers)} GROUP BY provider_version_id))`,
  [...pacts, ...providers],
];

/** What deciding a pair needs of a verification: no test results, no verifier details. */
export interface VerificationRef {
  id: number;
  pact_version_id: number;
  provider_version_id: number;
  success: number;
  created_at: string;
  provider_version_number: string;
  /** JSON of what failed (a failed result published with test results), else null. */
  failures: string | null;
}

/**
 * Verifications of these pact versions by these provider versions, reading only the columns a verdict
 * needs. One IN list (SQLite plans two large IN lists badly); the provider filter is applied here.
 */
export function* verificationsForPairs(
  pactVersionIds: number[],
  providerVersionIds: number[],
): Program<VerificationRef[]> {
  if (!pactVersionIds.length || !providerVersionIds.length) return [];
  const providers = new Set(providerVersionIds);
  const byProviders = [...providers];
  const rows = yield* allIn<VerificationRef>(pactVersionIds, (ids, chunk) =>
    byProviders.length <= IN_CHUNK
      ? [VERIFICATION_REFS(ids, inList(byProviders)), [...chunk, ...byProviders]]
      : [VERIFICATION_REFS(ids), chunk],
  );
  return rows.filter((r) => providers.has(r.provider_version_id));
}

/**
 * The verifications of some pact versions, by some provider versions when `providers` is given: a pact content is
 * verified by every provider build that runs it, so its verifications grow with history, and a gate asks about a few
 * provider versions. The provider filter is no index condition (`+ 0`): with both lists as index conditions PostgreSQL
 * and SQLite search every (pact, provider version) combination; this way each pact's range of the
 * `(pact_version_id, provider_version_id)` index is read and its entries filtered before the rows and their versions
 * are (at 150,000 versions, 6,000 verifications read for 3,236 wanted: 16 ms -> see docs/benchmarks.md).
 */
const VERIFICATION_REFS = (ids: string, providers?: string) =>
  `SELECT vr.id, vr.pact_version_id, vr.provider_version_id, vr.success, vr.created_at, v.number AS provider_version_number,
          vr.failures
     FROM verifications vr JOIN versions v ON v.id = vr.provider_version_id WHERE vr.pact_version_id IN ${ids}${
       providers ? ` AND vr.provider_version_id + 0 IN ${providers}` : ''
     }`;

/** Subsumption proofs for these pact versions (chunked). */
export function* subsumersOfMany(
  pactVersionIds: number[],
): Program<{ pact_version_id: number; by_pact_version_id: number }[]> {
  return yield* allIn(pactVersionIds, (ids, chunk) => [SUBSUMERS(ids), chunk]);
}

const SUBSUMERS = (ids: string) =>
  `SELECT pact_version_id, by_pact_version_id FROM subsumptions WHERE subsumed = 1 AND pact_version_id IN ${ids}`;

/**
 * What deciding these pairs reads first, in one round trip (storage/sql.ts `allEach`): the verifications of the
 * pact versions by the provider versions (`verificationsForPairs`), the pacts' subsumption proofs
 * (`subsumersOfMany`), their subsumption checks still queued or running (`subsumptionsInProgress`), and the
 * provider versions' current contracts (`latestContractRefsOfVersions`). Lists too long for one query each are
 * read as those functions do.
 */
export function* evidenceInputs(
  pactVersionIds: number[],
  providerVersionIds: number[],
): Program<{
  verifications: VerificationRef[];
  subsumers: { pact_version_id: number; by_pact_version_id: number }[];
  pendingChecks: { pactVersionId: number; byPactVersionId: number }[];
  contracts: ContractRef[];
  /**
   * On PostgreSQL, the stored comparisons of these pacts' contents with the contracts' documents, read in the same
   * round trip (otherwise the caller reads them: `comparisonsFor`).
   */
  comparisons?: ComparisonRow[];
  /** On PostgreSQL, the keys (`pactSha:documentSha`) of those comparisons queued or running, in the same round trip. */
  comparisonsInProgress?: Set<string>;
}> {
  const pacts = [...new Set(pactVersionIds)];
  const providers = [...new Set(providerVersionIds)];
  if (!pacts.length || !providers.length || pacts.length > 400 || providers.length > IN_CHUNK)
    return {
      verifications: yield* verificationsForPairs(pacts, providers),
      subsumers: yield* subsumersOfMany(pacts),
      pendingChecks: yield* subsumptionsInProgress(pacts),
      contracts: yield* latestContractRefsOfVersions(providers),
    };
  const wanted = new Set(providers);
  // On SQLite the comparisons are read by the caller once the documents are known: searched by the pacts with the
  // documents filtered (repositories/evidence.ts `comparisonsQuery`), a plan a subquery would not keep.
  const withComparisons = (yield* dialect()) === 'postgres';
  const [verifications, subsumers, pending, contracts, comparisons, jobs] = yield* allEach([
    [VERIFICATION_REFS(inList(pacts), inList(providers)), [...pacts, ...providers]],
    [SUBSUMERS(inList(pacts)), pacts],
    subsumptionsInProgressSql(pacts),
    [CONTRACT_REFS(inList(providers)), providers],
    ...(withComparisons
      ? [COMPARISONS_OF_CONTRACTS(pacts, providers), COMPARISON_JOBS_OF_CONTRACTS(pacts, providers)]
      : []),
  ]);
  return {
    ...(withComparisons
      ? {
          comparisons: decodeComparisons(comparisons),
          comparisonsInProgress: new Set((jobs as unknown as { dedupe_key: string }[]).map((j) => j.dedupe_key)),
        }
      : {}),
    verifications: (verifications as unknown as VerificationRef[]).filter((r) => wanted.has(r.provider_version_id)),
    subsumers: subsumers as unknown as { pact_version_id: number; by_pact_version_id: number }[],
    pendingChecks: subsumeKeys(pending as unknown as { dedupe_key: string }[]),
    contracts: contracts as unknown as ContractRef[],
  };
}
