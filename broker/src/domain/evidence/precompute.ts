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

/** A comparison or subsumption check to queue, keyed so that queueing it twice is one job. */
export type PlannedJob =
  | { kind: typeof COMPARE_JOB; key: string; payload: CompareJob }
  | { kind: typeof SUBSUME_JOB; key: string; payload: SubsumeJob };

/** The jobs a batch needs, each once. */
type Plan = Map<string, PlannedJob>;

const plan = (p: Plan, job: PlannedJob) => p.set(`${job.kind}:${job.key}`, job);

/** How many of a pair's newest pact versions subsumption is checked against. */
const SUBSUMPTION_WINDOW = 10;

/**
 * Plans one comparison per (pact content, document content) not answered yet. Runs inside the
 * dispatcher's write, so it reads hashes and ids only, never a pact's or a document's text.
 */
function* queueCompare(p: Plan, pactVersionIds: number[], providerVersionIds: number[]): Program<void> {
  const contracts = yield* latestContractRefsOfVersions([...new Set(providerVersionIds)]);
  for (const pvId of new Set(pactVersionIds)) {
    const pv = yield* pactVersionRef(pvId);
    if (!pv) continue;
    for (const c of contracts) {
      if (c.provider_id !== pv.provider_id || (yield* comparisonKnown(pv.sha, c.content_sha))) continue;
      plan(p, {
        kind: COMPARE_JOB,
        key: `${pv.sha}:${c.content_sha}`,
        payload: { pactVersionId: pv.id, contractId: c.id },
      });
    }
  }
}

/** A new pact: compare it with the provider's documents at the versions a gate may ask about. */
function* onPactPublished(p: Plan, pactVersionId: number, providerId: number): Program<void> {
  yield* queueCompare(p, [pactVersionId], yield* relevantVersionIds(providerId));
}

/** A new document: compare it with the pacts of each consumer's relevant versions. */
function* onProviderContractPublished(p: Plan, providerId: number, providerVersionId: number): Program<void> {
  const consumerVersionIds: number[] = [];
  for (const consumerId of yield* consumersOfProvider(providerId))
    consumerVersionIds.push(...(yield* relevantVersionIds(consumerId)));
  const pubs = (yield* publicationsOfConsumerVersions(consumerVersionIds)).filter((x) => x.provider_id === providerId);
  yield* queueCompare(
    p,
    pubs.map((x) => x.pact_version_id),
    [providerVersionId],
  );
}

/** A deployment: the current and prior versions of each consumer against those of each provider in that environment. */
function* onDeployment(p: Plan, environmentId: number): Program<void> {
  const pacticipants = new Set((yield* currentlyDeployed(environmentId)).map((d) => d.pacticipant_id));
  const versionsOf = new Map<number, number[]>();
  for (const id of pacticipants) versionsOf.set(id, yield* relevantVersionIds(id, { environmentId }));
  const pubs = yield* publicationsOfConsumerVersions([...versionsOf.values()].flat());
  for (const pub of pubs) {
    const providerVersions = versionsOf.get(pub.provider_id);
    if (providerVersions) yield* queueCompare(p, [pub.pact_version_id], providerVersions);
  }
}

/** A new pact version: is it subsumed by a recent pact of the same pair that some provider verified successfully? */
function* onPactForSubsumption(p: Plan, pactVersionId: number, consumerId: number, providerId: number): Program<void> {
  const recent = (yield* recentPactVersions(consumerId, providerId, SUBSUMPTION_WINDOW)).filter(
    (x) => x.id !== pactVersionId,
  );
  const verified = new Set(
    (yield* verificationsOfPactVersions(recent.map((x) => x.id)))
      .filter((v) => v.success)
      .map((v) => v.pact_version_id),
  );
  for (const b of recent) if (verified.has(b.id)) yield* queueSubsume(p, pactVersionId, b.id);
}

/** A successful verification of B: which recent pacts of the pair does B subsume? */
function* onVerificationForSubsumption(
  p: Plan,
  byPactVersionId: number,
  consumerId: number,
  providerId: number,
): Program<void> {
  for (const a of yield* recentPactVersions(consumerId, providerId, SUBSUMPTION_WINDOW))
    if (a.id !== byPactVersionId) yield* queueSubsume(p, a.id, byPactVersionId);
}

function* queueSubsume(p: Plan, pactVersionId: number, byPactVersionId: number): Program<void> {
  if (yield* subsumptionKnown(pactVersionId, byPactVersionId)) return;
  plan(p, {
    kind: SUBSUME_JOB,
    key: `${pactVersionId}:${byPactVersionId}`,
    payload: { pactVersionId, byPactVersionId },
  });
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
 * The comparisons and subsumption checks a batch of events makes needed, each once, coalesced: each
 * new pact content, document, environment and verified content is planned once per batch, however
 * many events name it (ten deployments to one environment plan that environment once). An answer
 * already known is not planned again; the caller queues the jobs (keyed, so a job already queued is
 * not queued twice).
 */
export function* planEvidence(events: readonly StoredEvent[]): Program<PlannedJob[]> {
  const p: Plan = new Map();
  const pacts = new Map<number, { consumerId: number; providerId: number }>();
  for (const e of eventsNamed(events, 'pactsPublished'))
    for (const c of e.payload.contracts)
      if (c.status !== 'same')
        pacts.set(c.pactVersionId, { consumerId: e.payload.consumerId, providerId: c.providerId });
  for (const [pactVersionId, { consumerId, providerId }] of pacts) {
    yield* onPactPublished(p, pactVersionId, providerId);
    yield* onPactForSubsumption(p, pactVersionId, consumerId, providerId);
  }

  const documents = new Map<number, number>();
  for (const e of eventsNamed(events, 'providerContractPublished'))
    documents.set(e.payload.providerVersionId, e.payload.providerId);
  for (const [providerVersionId, providerId] of documents)
    yield* onProviderContractPublished(p, providerId, providerVersionId);

  const environments = new Set(
    eventsNamed(events, 'deploymentRecorded', 'releaseRecorded').map((e) => e.payload.environmentId),
  );
  for (const environmentId of environments) yield* onDeployment(p, environmentId);

  const verified = new Map<number, { consumerId: number; providerId: number }>();
  for (const e of eventsNamed(events, 'verificationPublished'))
    if (e.payload.success)
      verified.set(e.payload.pactVersionId, { consumerId: e.payload.consumerId, providerId: e.payload.providerId });
  for (const [pactVersionId, { consumerId, providerId }] of verified)
    yield* onVerificationForSubsumption(p, pactVersionId, consumerId, providerId);
  return [...p.values()];
}
