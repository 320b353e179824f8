/**
 * The matrix and can-i-deploy, the pure part. Nothing here does I/O: the broker gathers a `MatrixWorld`
 * (broker/src/domain/matrix/) and `buildMatrix` answers. Semantics follow the Pact Broker (pact-broker-api.md §2):
 *
 *  - A row is a pair (consumer version, provider version) for a consumer version that has a pact with that provider.
 *    A verification belongs to the pact VERSION (content), so every consumer version with the same content shares it.
 *  - Without latestby the rows are the history: every verification of a pact by a provider version is its own row.
 *  - A consumer version requires each provider it has a pact with (per consumer version, not per integration).
 *    A provider does not require its consumers: a consumer matters only when a version of it is in the target.
 *  - With a destination (latest, tag, environment, main branch) every other pacticipant of those integrations is
 *    inferred from the destination; "environment" is currently deployed ∪ currently supported released versions.
 *  - Unlike the Pact Broker, a required (consumer version, provider version) pair always has a row: with several
 *    provider versions live in an environment, each of them must be compatible (a missing one is "unknown").
 *  - A row without a verification asks the injectable `pairEvidence` (static OpenAPI verdicts, subsumption...);
 *    a verification result always wins over it, in both directions.
 */
import type { VerificationFailures } from '../verification/failures.ts';

export interface MatrixSelector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
}

export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

export type LatestBy = 'cvp' | 'cvpv' | 'cp';

/** Where the specified versions are going: the scope every other pacticipant is inferred from. */
export type Destination =
  | { kind: 'none' }
  | { kind: 'latest' }
  | { kind: 'tag'; tag: string; latest: boolean }
  | { kind: 'environment'; environment: string }
  | { kind: 'mainBranch'; latest: boolean };

export interface MatrixQuery {
  selectors: MatrixSelector[];
  ignore: IgnoreSelector[];
  latestby?: LatestBy;
  destination: Destination;
  /** `success[]` filter on the listed rows (never on the answer). */
  success?: (boolean | null)[];
  /** Caps the listed rows (never the rows the answer is computed from). */
  limit?: number;
  /** Which page of the listed rows to list (after `success[]` and `limit`); the history is always paged. */
  page?: { offset: number; size: number };
  /**
   * Fail when a specified version's OpenAPI document breaks what the version of the same pacticipant deployed or
   * released in the destination environment offers, at this level or above (`failOnOpenApiBreaking`, issue 20).
   */
  failOnOpenApiBreaking?: 'ERR' | 'WARN';
}

/** What changed from the document of `against` (deployed in the destination) to the one of `version` (stored diff). */
export interface OpenApiChangesFact {
  pacticipant: string;
  version: string;
  against: string;
  status: 'computed' | 'pending' | 'failed';
  /** ERR and WARN findings. */
  findings: { id: string; level: 'ERR' | 'WARN'; method?: string; path?: string; message: string }[];
}

export interface WorldVersion {
  id: number;
  pacticipant: string;
  number: string;
}

export interface ResolvedSelector {
  selector: MatrixSelector;
  /** Empty when nothing matched (a version that does not exist, a branch without versions...). */
  versions: WorldVersion[];
}

export interface ResolvedIgnore {
  selector: IgnoreSelector;
  /** The pacticipant (and version, when given) exists. */
  exists: boolean;
}

/** A consumer version's current pact with a provider. */
export interface WorldPublication {
  consumer: string;
  consumerVersionId: number;
  consumerVersion: string;
  provider: string;
  pactVersionId: number;
  sha: string;
  createdAt: string;
}

export interface WorldVerification {
  id: number;
  pactVersionId: number;
  providerVersionId: number;
  providerVersion: string;
  success: boolean;
  verifiedAt: string;
  /** What failed, when the failed result was published with test results. */
  failures?: VerificationFailures;
}

/** What the broker gathered in round 1: the specified side. */
export interface SpecifiedSide {
  query: MatrixQuery;
  specified: ResolvedSelector[];
  /** Current publications of every specified version (its pacts as a consumer). */
  specifiedPublications: WorldPublication[];
  /** For each specified pacticipant, the names of the consumers that ever published a pact with it. */
  consumersOf: Record<string, string[]>;
}

/** Everything `buildMatrix` needs. */
export interface MatrixWorld extends SpecifiedSide {
  ignore: ResolvedIgnore[];
  /** Versions of each unspecified counterpart in the destination (only with a destination). */
  inferred: Record<string, WorldVersion[]>;
  /** Without a destination and with one selector, the consumer versions that published a pact with it. */
  anyConsumerVersions: Record<string, WorldVersion[]>;
  /** Current publications of every consumer version in play (specified, inferred, any). */
  publications: WorldPublication[];
  /** Verifications of those pact versions (every one; the latest per provider version is kept). */
  verifications: WorldVerification[];
  /** With `failOnOpenApiBreaking`: each specified version's document against each version deployed in the destination. */
  openApiChanges?: OpenApiChangesFact[];
}

export type Verdict = 'compatible' | 'incompatible' | 'unknown';

/** A reason attached by an evidence source; passed through as given. */
export interface EvidenceReason {
  id: string;
  [detail: string]: unknown;
}

export interface PairEvidenceQuery {
  consumer: string;
  consumerVersionId: number;
  consumerVersion: string;
  provider: string;
  providerVersionId: number;
  providerVersion: string;
  pactVersionId: number;
}

export interface PairEvidenceAnswer {
  verdict: Verdict;
  /** "openapi", "subsumption", ... ("verification" is reserved for verification results). */
  evidence: string;
  reasons: EvidenceReason[];
}

/** Asked for a row without a verification result. Undefined means no evidence: unknown. */
export type PairEvidence = (pair: PairEvidenceQuery) => PairEvidenceAnswer | undefined;

/** Why a row has its verdict. */
export type RowReason =
  | { id: 'verified'; success: boolean; verificationId: number; failures?: VerificationFailures }
  | { id: 'not-verified' }
  | { id: 'no-provider-version'; provider: string; scope: ScopeDescription }
  | EvidenceReason;

/** How a set of versions was chosen, for messages. */
export type ScopeDescription =
  | { kind: 'selector'; selector: MatrixSelector }
  | { kind: 'destination'; destination: Destination }
  | { kind: 'any' };

export interface MatrixRow {
  consumer: string;
  consumerVersion: WorldVersion;
  provider: string;
  providerVersion: WorldVersion | null;
  publication: WorldPublication;
  verification: WorldVerification | null;
  verdict: Verdict;
  evidence: string;
  reasons: RowReason[];
  /** The consumer version requires this provider (it has a pact with it). */
  required: boolean;
  ignored: boolean;
  /**
   * Only in the history (no latestby): a later verification of the same pact content by the same provider version
   * exists. The row keeps its own verification's verdict (and evidence "verification"); it still counts in the answer.
   */
  superseded?: boolean;
}

export type SummaryReason =
  | { id: 'warn-ignore-not-found'; pacticipant: string; version?: string }
  | { id: 'warn-specify-environment'; tag: string }
  | { id: 'warn-no-environment' }
  | { id: 'warn-specify-version' }
  | { id: 'version-not-found'; selector: MatrixSelector }
  | { id: 'verification-failed'; row: RowRef; ignored: boolean; evidence?: string; detail?: string }
  | { id: 'no-verified-pact'; row: RowRef; ignored: boolean }
  | { id: 'no-provider-version'; row: RowRef; scope: ScopeDescription; ignored: boolean }
  | { id: 'openapi-breaking'; changes: OpenApiChangesFact; level: 'ERR' | 'WARN' }
  | { id: 'openapi-changes-unknown'; changes: OpenApiChangesFact }
  | { id: 'all-successful'; byEvidence?: Record<string, number> }
  | { id: 'no-dependencies' };

export interface RowRef {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string | null;
  evidence: string;
}

export interface MatrixSummary {
  deployable: boolean | null;
  reasons: SummaryReason[];
  success: number;
  failed: number;
  unknown: number;
  /** Only when ignore selectors were given. */
  ignored?: number;
}

export interface MatrixResult {
  /** Every row the answer was computed from (after latestby). */
  rows: MatrixRow[];
  /** The rows to list: after the `success[]` filter, `limit` and the page. */
  listed: MatrixRow[];
  /** How many rows there are to list before paging. */
  listable: number;
  summary: MatrixSummary;
}
