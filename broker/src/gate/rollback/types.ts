/**
 * can-i-rollback, the pure analysis (issue 6): the data the broker gathers from its store, and the answers.
 *
 * Nothing here does I/O. The broker gathers a `RollbackWorld` in two rounds:
 *  1. `units` (from the environment's deployment history and released versions), then the pacts of every
 *     version `versionsInPlay(units, query)` lists;
 *  2. the evidence for every pair `requiredPairs(world, query)` lists (one row per pair, precomputed by the
 *     evidence rules of the issue: verification, then subsumption, then openapi, else unknown).
 * Then `canIRollbackSet(world, query)` or `canIRollbackAny(world, options)` answers. Every input is plain,
 * JSON-serialisable data: a world can be saved next to a bug report and replayed.
 *
 * Semantics (semantics.md in this folder has the clause derivation and why closure and plan are exact):
 *  - Each unit (pacticipant) is in one of two states: it stays, or it rolls back (every instance moves to its
 *    target: the prior version; for a target of the question, `steps` versions back or an explicit version).
 *  - Endpoints of a unit are its instances and its currently supported released versions (which never move).
 *    Any endpoint of a consumer may talk to any endpoint of a provider, so every (consumer version, provider
 *    version) combination in play is a pair, when that consumer version has a pact with that provider.
 *  - Rolling back S must not create a broken pair: every pair of endpoints in which at least one endpoint moved
 *    must be compatible at the resulting versions ("unknown" is never compatible). With one instance and no
 *    released versions this is exactly "every pair with a member in S is compatible at the resulting versions";
 *    with released versions it keeps a pair between two released versions (which no rollback touches) from
 *    blocking every rollback forever: such a pair, like any broken pair that rolling back S leaves as it was, is
 *    a warning.
 *  - A member of S with an instance that has no target (no prior version, too few versions for `steps`, an
 *    explicit version never deployed in the environment, or not deployed there at all) makes S unsafe.
 */

import type { RollbackReason } from './reasons.ts';
import type { Verdict, VersionRef } from './refs.ts';

export type { Verdict, VersionRef } from './refs.ts';

/** `declared`: a requirement a version declared on another pacticipant (issue 21), evaluated by the broker. */
export type EvidenceKind = 'verification' | 'subsumption' | 'openapi' | 'declared' | 'none';

/** A reason attached to a pair's evidence by whoever produced it (verification, subsumption, openapi): passed through as given. */
export interface EvidenceReason {
  id: string;
  [detail: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

export interface InstanceDeployment {
  /** null for a pacticipant deployed without an application instance. */
  applicationInstance: string | null;
  /** The version currently deployed on this instance. */
  current: string;
  /**
   * The versions deployed on this instance, newest deployment first. Repeats are allowed (the raw history
   * 1, 2, 1, 3 is given as ["3", "1", "2", "1"]): the analysis keeps each version's most recent deployment, so
   * the distinct history is ["3", "1", "2"] and the prior version of 3 is 1. `current` is put first if missing.
   */
  history: string[];
}

/** One pacticipant deployed (or released) in the environment. */
export interface DeployedUnit {
  name: string;
  /** One entry per application instance; empty for a pacticipant that only has released versions. */
  instances: InstanceDeployment[];
  /** Currently supported released versions: live, never rolled back, their pairs checked like current ones. */
  released: string[];
}

/** Consumer version `consumerVersion` of `consumer` has a pact with `provider` (integrations are per consumer version). */
export interface PactRow {
  consumer: string;
  consumerVersion: string;
  provider: string;
}

/** The evidence for one (consumer version, provider version) pair. A pair without a row is unknown, evidence "none". */
export interface EvidenceRow {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  verdict: Verdict;
  evidence: EvidenceKind;
  reasons: EvidenceReason[];
}

/** A data migration a version introduced (issue 21): reversible with its down step, or not. */
export interface MigrationRow {
  pacticipant: string;
  version: string;
  id: string;
  reversible: boolean;
  /** The command or runbook line that reverts it; null when it is irreversible. */
  down: string | null;
}

export interface RollbackWorld {
  environment: string;
  units: DeployedUnit[];
  /** Pacts of (at least) every version `versionsInPlay` lists. Providers not deployed in the environment are ignored. */
  pacts: PactRow[];
  /** Evidence for (at least) every pair `requiredPairs` lists; a later row for the same pair replaces an earlier one. */
  evidence: EvidenceRow[];
  /** The API changes of rolling back the targets' documents (current -> target), for the `api-removed-on-rollback` warning. */
  apiChanges?: ApiChangesRow[];
  /** The pacts of the consumer versions in the environment, for saying who uses what a rollback removes. */
  pactUsage?: PactUsage[];
  /**
   * The migrations of (at least) every version `versionsCrossedBy` lists, in the order they were recorded. An
   * irreversible one crossed by an instance's rollback means its pacticipant cannot roll back; reversible ones put
   * their down steps into the plan.
   */
  migrations?: MigrationRow[];
  /**
   * Declared requirements, evaluated for the required pacticipant's versions in play: one row per (requiring version,
   * required version), evidence `declared` (declared.ts says how they combine with pacts).
   */
  declared?: EvidenceRow[];
}

/** What the broker knows before fetching pacts and evidence. */
export type DeploymentFacts = Pick<RollbackWorld, 'environment' | 'units'>;

export interface RollbackOptions {
  /**
   * The targets named without a version roll back this many distinct deployed versions (default 1: the prior
   * version); every other unit, a companion, goes back to its own prior version.
   */
  steps?: number;
  /** Pacticipants whose pairs are left out (reported as ignored). */
  ignore?: string[];
}

export interface RollbackTarget {
  pacticipant: string;
  /** Roll back to this version (it must have been deployed in the environment) instead of `steps` back. */
  version?: string;
}

export interface RollbackSetQuery extends RollbackOptions {
  targets: RollbackTarget[];
}

/** A (consumer version, provider version) pair whose evidence the analysis may read. */
export interface PairKey {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Output (field names are fixed by issue 6: deploy pipelines parse them)
// ---------------------------------------------------------------------------------------------------------------

export interface PairReport {
  consumer: VersionRef;
  provider: VersionRef;
  verdict: Verdict;
  evidence: EvidenceKind;
  reasons: EvidenceReason[];
  /** Reserved: when the broker asked for a verification of an unknown pair. Never filled by this analysis. */
  verificationRequestedAt?: string;
  /** Present (true) on a pair of an ignored pacticipant: listed, never counted, never blocking (as the Pact Broker's matrix does). */
  ignored?: true;
}

export interface TargetReport {
  pacticipant: string;
  applicationInstance?: string;
  from: string;
  /** null when this instance has nothing to roll back to (see the answer's reasons). */
  to: string | null;
}

/** The down step of one reversible migration a rollback crosses (issue 21). */
export interface DownStep {
  migration: string;
  version: string;
  /** The command or runbook line that reverts it, as recorded. */
  down: string;
}

export interface PlanEntry {
  name: string;
  applicationInstance?: string;
  from: string;
  to: string;
  /** Present when the rollback crosses reversible migrations: their down steps, newest first, to run before the redeploy. */
  migrations?: DownStep[];
}

/** One step of a plan: a strongly connected component of the "needs" graph, reverted together. */
export interface PlanStep {
  step: number;
  pacticipants: PlanEntry[];
}

export interface RollbackSetAnswer {
  summary: {
    rollbackable: boolean;
    /** English, from the catalogue; the typed reasons are in `reasons`. */
    reason: string;
    compatible: number;
    incompatible: number;
    unknown: number;
    /** Pairs left out by `ignore`. */
    ignored: number;
  };
  environment: string;
  targets: TargetReport[];
  /** Every pair rolling back the set creates (at least one of its endpoints moved); those of ignored pacticipants flagged `ignored`. */
  pairs: PairReport[];
  /** The smallest safe set containing the targets (sorted names), or null when none exists. */
  minimalSafeSet: string[] | null;
  /** For the targets when safe, else for minimalSafeSet, else empty. Dependencies first. */
  plan: PlanStep[];
  /** Broken pairs that stay as they are (pre-existing): never a failure. */
  warnings: RollbackWarning[];
  reasons: RollbackReason[];
}

export type PacticipantVerdict = 'independent' | 'needs-companions' | 'blocked' | 'no-prior';

export interface PacticipantReport {
  name: string;
  /** The current version; with several instances on different versions, the distinct versions joined by ", ". */
  current: string;
  /** The version it would roll back to (joined like `current`), or null when it has none. */
  prior: string | null;
  /** Present when the pacticipant has more than one application instance. */
  instances?: Array<{ applicationInstance: string | null; current: string; prior: string | null }>;
  verdict: PacticipantVerdict;
  /** The whole set that must roll back with it (sorted, without itself). */
  requires: string[];
  /** Pacticipants that cannot roll back together with it and its requires (sorted). */
  conflictsWith: string[];
  reasons: RollbackReason[];
}

export interface RollbackAnyAnswer {
  summary: { everySubsetSafe: boolean; reason: string };
  environment: string;
  pacticipants: PacticipantReport[];
  /** Broken pairs in the environment as it is now (pre-existing). */
  warnings: RollbackWarning[];
}

/** A broken pair that rolling back leaves as it was. */
export interface RollbackWarning extends PairReport {
  id: 'pre-existing-break';
}

/**
 * Rolling back a provider removes or breaks parts of its API (its OpenAPI document at `to` against the one at `from`):
 * a warning for the clients rollgate cannot see (no pact). Each change says which known consumers' pacts use it;
 * those pairs are decided by their own evidence. `status` is `pending` while the diff is not computed yet and
 * `failed` when it could not be: then `changes` is empty and nothing is known, not "nothing removed".
 */
export interface ApiRemovedWarning {
  id: 'api-removed-on-rollback';
  provider: string;
  from: string;
  to: string;
  status: 'computed' | 'pending' | 'failed';
  changes: ApiRemovedChange[];
  /** How many changes a capped answer left out (`detail=full` lists them all); absent when none were. */
  moreChanges?: number;
}

export interface ApiRemovedChange {
  /** oasdiff's rule id and level of the change. */
  rule: string;
  level: 'ERR' | 'WARN';
  method?: string;
  path?: string;
  /** The field (a property path `a/b`, or a parameter `query id`) the change is about, when it is about one. */
  field?: string;
  /** The diff engine's sentence. */
  detail: string;
  /** Consumer versions in the environment whose pacts use the endpoint (and the field, when there is one). */
  usedBy: { consumer: string; version: string }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Input for the API warning (optional: a world without it gets no such warning)
// ---------------------------------------------------------------------------------------------------------------

/** What changed from a provider's document at `from` to the one at `to`, as stored by the broker (ERR and WARN only). */
export interface ApiChangesRow {
  provider: string;
  from: string;
  to: string;
  status: 'computed' | 'pending' | 'failed';
  findings: ApiFinding[];
}

export interface ApiFinding {
  id: string;
  level: 'ERR' | 'WARN';
  method?: string;
  path?: string;
  /** The finding's arguments (property, parameter, in, status, ...). */
  args: Record<string, string>;
  message: string;
}

/** The HTTP interactions of a consumer version's pact with a provider: what it uses. */
export interface PactUsage {
  consumer: string;
  consumerVersion: string;
  provider: string;
  interactions: UsedInteraction[];
}

export interface UsedInteraction {
  method: string;
  path: string;
  query: string[];
  headers: string[];
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
}
