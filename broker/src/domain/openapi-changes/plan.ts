import { findPacticipantById } from '../../repositories/pacticipants.ts';
import {
  contractRef,
  contractRefOfVersion,
  contractsOfDeployedVersions,
  openApiChangesKnown,
  previousContractOnBranch,
  recentContracts,
  type ContractRef,
} from '../../repositories/openapi-changes.ts';
import type { Program } from '../../storage/sql.ts';
import { eventsNamed, type StoredEvent } from '../events.ts';

/** The job kind that computes what changed from one provider document to another (precompute/openapi-changes.ts). */
export const OPENAPI_CHANGES_JOB = 'openapi-changes';

export interface OpenApiChangesJob {
  baseContractId: number;
  revisionContractId: number;
}

export interface PlannedChanges {
  kind: typeof OPENAPI_CHANGES_JOB;
  key: string;
  payload: OpenApiChangesJob;
}

/** The events after which a pair of a provider's documents may be asked about. */
export const OPENAPI_CHANGES_EVENTS = ['providerContractPublished', 'deploymentRecorded', 'releaseRecorded'] as const;

/** How many deployed (or released) versions a new document is compared with: the newest documents first. */
const DEPLOYED_WINDOW = 10;

/** How many of the provider's newest documents a newly deployed version's document is compared with. */
const RECENT_WINDOW = 5;

/** The branch a provider's "previous main-branch version" is on when it names none. */
const DEFAULT_MAIN_BRANCH = 'main';

/** The job for one direction of a pair, keyed by the documents' hashes (the same documents are one job). */
export function changesJob(base: ContractRef, revision: ContractRef): PlannedChanges {
  return {
    kind: OPENAPI_CHANGES_JOB,
    key: `${base.content_sha}>${revision.content_sha}`,
    payload: { baseContractId: base.id, revisionContractId: revision.id },
  };
}

/**
 * The diffs a batch of events makes needed, both directions of each pair (a deploy goes from one document to the
 * other, a rollback back): a published document against the provider's previous main-branch document and against
 * the documents of the versions deployed or released in an environment (now or before); a deployed or released
 * version's document against the same and against the provider's newest documents (the next candidates). Pairs already stored, or of identical documents, are left out. Reads ids and
 * hashes only.
 */
export function* planOpenApiChanges(events: readonly StoredEvent[]): Program<PlannedChanges[]> {
  const out = new Map<string, PlannedChanges>();
  const add = function* (a: ContractRef, b: ContractRef): Program<void> {
    if (a.content_sha === b.content_sha) return;
    for (const [base, revision] of [
      [a, b],
      [b, a],
    ]) {
      const job = changesJob(base, revision);
      if (out.has(job.key) || (yield* openApiChangesKnown(base.content_sha, revision.content_sha))) continue;
      out.set(job.key, job);
    }
  };
  const contracts = new Map<number, ContractRef>();
  for (const e of eventsNamed(events, 'providerContractPublished')) {
    const c = yield* contractRef(e.payload.contractId);
    if (c) contracts.set(c.provider_version_id, c);
  }
  const deployedNow = new Set<number>();
  for (const e of eventsNamed(events, 'deploymentRecorded', 'releaseRecorded')) {
    deployedNow.add(e.payload.versionId);
    if (contracts.has(e.payload.versionId)) continue;
    const c = yield* contractRefOfVersion(e.payload.versionId);
    if (c) contracts.set(c.provider_version_id, c);
  }
  for (const c of contracts.values()) {
    const previous = yield* previousMainContract(c);
    if (previous) yield* add(previous, c);
    for (const d of yield* contractsOfDeployedVersions(c.provider_id, c.provider_version_id, DEPLOYED_WINDOW))
      yield* add(d, c);
    // A version just deployed is what the next candidates (published before it was deployed) are measured against.
    if (deployedNow.has(c.provider_version_id))
      for (const n of yield* recentContracts(c.provider_id, c.provider_version_id, RECENT_WINDOW)) yield* add(c, n);
  }
  return [...out.values()];
}

/**
 * The provider's newest document on its main branch for another version: for a main-branch version its
 * predecessor, for a feature branch's version what it would replace.
 */
function* previousMainContract(c: ContractRef): Program<ContractRef | undefined> {
  const provider = yield* findPacticipantById(c.provider_id);
  if (!provider) return undefined;
  return yield* previousContractOnBranch(
    c.provider_id,
    provider.main_branch ?? DEFAULT_MAIN_BRANCH,
    c.provider_version_id,
  );
}
