import { enqueue } from '../../queue/index.ts';
import { currentlyDeployed } from '../../repositories/deployments.ts';
import { subsumptionKnown } from '../../repositories/evidence.ts';
import { consumersOfProvider, publicationsOfConsumerVersions, recentPactVersions } from '../../repositories/pacts.ts';
import { verificationsOfPactVersions } from '../../repositories/verifications.ts';
import type { Program } from '../../storage/sql.ts';
import { eventsNamed, type StoredEvent } from '../events.ts';
import { comparisonKnown, latestContractRefsOfVersions, pactVersionRef } from './queries.ts';
import { relevantVersionIds } from './relevant-versions.ts';

export const COMPARE_JOB = 'compare';
export const SUBSUME_JOB = 'subsume';

export interface CompareJob {
  pactVersionId: number;
  contractId: number;
}
export interface SubsumeJob {
  pactVersionId: number;
  byPactVersionId: number;
}

/** How many of a pair's newest pact versions subsumption is checked against. */
const SUBSUMPTION_WINDOW = 10;

/**
 * Queues one comparison per (pact content, document content) not answered yet. Runs inside the
 * caller's write, so it reads hashes and ids only, never a pact's or a document's text.
 */
function* queueCompare(pactVersionIds: number[], providerVersionIds: number[]): Program<number> {
  let queued = 0;
  const contracts = yield* latestContractRefsOfVersions([...new Set(providerVersionIds)]);
  for (const pvId of new Set(pactVersionIds)) {
    const pv = yield* pactVersionRef(pvId);
    if (!pv) continue;
    for (const c of contracts) {
      if (c.provider_id !== pv.provider_id || (yield* comparisonKnown(pv.sha, c.content_sha))) continue;
      const { created } = yield* enqueue<CompareJob>(COMPARE_JOB, `${pv.sha}:${c.content_sha}`, {
        pactVersionId: pv.id,
        contractId: c.id,
      });
      if (created) queued++;
    }
  }
  return queued;
}

/** A new pact: compare it with the provider's documents at the versions a gate may ask about. */
function* onPactPublished(pactVersionId: number, providerId: number): Program<number> {
  return yield* queueCompare([pactVersionId], yield* relevantVersionIds(providerId));
}

/** A new document: compare it with the pacts of each consumer's relevant versions. */
function* onProviderContractPublished(providerId: number, providerVersionId: number): Program<number> {
  const consumerVersionIds: number[] = [];
  for (const consumerId of yield* consumersOfProvider(providerId))
    consumerVersionIds.push(...(yield* relevantVersionIds(consumerId)));
  const pubs = (yield* publicationsOfConsumerVersions(consumerVersionIds)).filter((p) => p.provider_id === providerId);
  return yield* queueCompare(
    pubs.map((p) => p.pact_version_id),
    [providerVersionId],
  );
}

/** A deployment: the current and prior versions of each consumer against those of each provider in that environment. */
function* onDeployment(environmentId: number): Program<number> {
  const pacticipants = new Set((yield* currentlyDeployed(environmentId)).map((d) => d.pacticipant_id));
  const versionsOf = new Map<number, number[]>();
  for (const p of pacticipants) versionsOf.set(p, yield* relevantVersionIds(p, { environmentId }));
  const pubs = yield* publicationsOfConsumerVersions([...versionsOf.values()].flat());
  let queued = 0;
  for (const pub of pubs) {
    const providerVersions = versionsOf.get(pub.provider_id);
    if (providerVersions) queued += yield* queueCompare([pub.pact_version_id], providerVersions);
  }
  return queued;
}

/** A new pact version: is it subsumed by a recent pact of the same pair that some provider verified successfully? */
function* onPactForSubsumption(pactVersionId: number, consumerId: number, providerId: number): Program<void> {
  const recent = (yield* recentPactVersions(consumerId, providerId, SUBSUMPTION_WINDOW)).filter(
    (p) => p.id !== pactVersionId,
  );
  const verified = new Set(
    (yield* verificationsOfPactVersions(recent.map((p) => p.id)))
      .filter((v) => v.success)
      .map((v) => v.pact_version_id),
  );
  for (const b of recent) if (verified.has(b.id)) yield* queueSubsume(pactVersionId, b.id);
}

/** A successful verification of B: which recent pacts of the pair does B subsume? */
function* onVerificationForSubsumption(byPactVersionId: number, consumerId: number, providerId: number): Program<void> {
  for (const a of yield* recentPactVersions(consumerId, providerId, SUBSUMPTION_WINDOW))
    if (a.id !== byPactVersionId) yield* queueSubsume(a.id, byPactVersionId);
}

function* queueSubsume(pactVersionId: number, byPactVersionId: number): Program<void> {
  if (yield* subsumptionKnown(pactVersionId, byPactVersionId)) return;
  yield* enqueue<SubsumeJob>(SUBSUME_JOB, `${pactVersionId}:${byPactVersionId}`, { pactVersionId, byPactVersionId });
}

/** The events that make evidence needed. */
export const EVIDENCE_EVENTS = [
  'pactsPublished',
  'providerContractPublished',
  'deploymentRecorded',
  'releaseRecorded',
  'verificationPublished',
] as const;

/**
 * Queues the comparisons and subsumption checks a batch of events makes needed, coalesced: each new
 * pact content, document, environment and verified content is planned once per batch, however many
 * events name it (ten deployments to one environment plan that environment once). Idempotent: a job
 * already queued or an answer already known is not queued again.
 */
export function* planEvidence(events: readonly StoredEvent[]): Program<void> {
  const pacts = new Map<number, { consumerId: number; providerId: number }>();
  for (const e of eventsNamed(events, 'pactsPublished'))
    for (const c of e.payload.contracts)
      if (c.status !== 'same')
        pacts.set(c.pactVersionId, { consumerId: e.payload.consumerId, providerId: c.providerId });
  for (const [pactVersionId, { consumerId, providerId }] of pacts) {
    yield* onPactPublished(pactVersionId, providerId);
    yield* onPactForSubsumption(pactVersionId, consumerId, providerId);
  }

  const documents = new Map<number, number>();
  for (const e of eventsNamed(events, 'providerContractPublished'))
    documents.set(e.payload.providerVersionId, e.payload.providerId);
  for (const [providerVersionId, providerId] of documents)
    yield* onProviderContractPublished(providerId, providerVersionId);

  const environments = new Set(
    eventsNamed(events, 'deploymentRecorded', 'releaseRecorded').map((e) => e.payload.environmentId),
  );
  for (const environmentId of environments) yield* onDeployment(environmentId);

  const verified = new Map<number, { consumerId: number; providerId: number }>();
  for (const e of eventsNamed(events, 'verificationPublished'))
    if (e.payload.success)
      verified.set(e.payload.pactVersionId, { consumerId: e.payload.consumerId, providerId: e.payload.providerId });
  for (const [pactVersionId, { consumerId, providerId }] of verified)
    yield* onVerificationForSubsumption(pactVersionId, consumerId, providerId);
}
