import { comparisonsFor } from '../../repositories/evidence.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { namedRead } from '../../storage/named-read.ts';
import { allIn, type Program } from '../../storage/sql.ts';
import { eventsNamed, type StoredEvent } from '../events.ts';
import { isUnreadableContract } from '../../repositories/provider-contracts.ts';
import { latestContractRefsOfVersions, type ContractRef } from './queries.ts';
import { pacticipantsLiveIn, relevantVersions } from './relevant-versions.ts';

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

/** The events that make evidence needed. */
export const EVIDENCE_EVENTS = [
  'pactsPublished',
  'providerContractPublished',
  'deploymentRecorded',
  'releaseRecorded',
  'verificationPublished',
] as const;

/** A pact content of a consumer/provider pair. */
interface PactRef {
  id: number;
  sha: string;
  consumerId: number;
  providerId: number;
}

const pairKey = (consumerId: number, providerId: number) => `${consumerId}:${providerId}`;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * The comparisons and subsumption checks a batch of events makes needed, each once, planned set-based:
 * a fixed number of indexed queries per batch whatever the number of events and whatever the history
 * (no query per row, no walk of a deployment history or of a provider's publications), coalesced (ten
 * deployments to one environment plan that environment once; a pact content published by many consumer
 * versions is planned once). Answers already stored are not planned again; the caller queues the jobs
 * (keyed, so a job already queued is not queued twice).
 *
 * Which pairs: the ones a gate can ask about. For comparisons, a pact against the OpenAPI documents of
 * the provider's relevant versions (current and prior in each environment, supported releases, main
 * branch head; relevant-versions.ts), a new document against the pacts of each consumer's relevant
 * versions, and a deployment's environment (its current and prior versions on both sides). For
 * subsumption ("pact A asks nothing pact B did not, and B was verified by provider version W", which
 * proves (A, W)), A is the pact of a consumer version a gate can ask about (a new publication, a relevant
 * version, a version just deployed or released) and B a pact some relevant (or just verifying) provider
 * version verified successfully, for each pair of the batch: never a window of recent pacts per
 * verification.
 */
export function* planEvidence(events: readonly StoredEvent[]): Program<PlannedJob[]> {
  // 1. What the batch names.
  const newPacts = new Map<number, PactRef>();
  for (const e of eventsNamed(events, 'pactsPublished'))
    for (const c of e.payload.contracts)
      if (c.status !== 'same')
        newPacts.set(c.pactVersionId, {
          id: c.pactVersionId,
          sha: c.sha,
          consumerId: e.payload.consumerId,
          providerId: c.providerId,
        });
  const documents = new Map<number, number>(); // provider version -> provider
  for (const e of eventsNamed(events, 'providerContractPublished'))
    documents.set(e.payload.providerVersionId, e.payload.providerId);
  const environments = new Set(
    eventsNamed(events, 'deploymentRecorded', 'releaseRecorded').map((e) => e.payload.environmentId),
  );
  const deployedVersions = new Map<number, number>(); // version -> pacticipant
  for (const e of eventsNamed(events, 'deploymentRecorded', 'releaseRecorded'))
    deployedVersions.set(e.payload.versionId, e.payload.pacticipantId);
  // Successful verifications: pact B verified by provider version W.
  const verified = eventsNamed(events, 'verificationPublished')
    .filter((e) => e.payload.success)
    .map((e) => e.payload);

  // 2. The relevant versions of every pacticipant the batch touches (one set query), and per environment.
  const providersOfDocuments = new Set(documents.values());
  const consumersOfDocuments = yield* consumersOf([...providersOfDocuments]);
  const pacticipants = new Set<number>([
    ...[...newPacts.values()].flatMap((p) => [p.consumerId, p.providerId]),
    ...verified.flatMap((v) => [v.consumerId, v.providerId]),
    ...deployedVersions.values(),
    ...consumersOfDocuments.map((c) => c.consumer_id),
  ]);
  const liveByEnvironment = new Map<number, number[]>();
  for (const environmentId of environments) {
    const live = yield* pacticipantsLiveIn(environmentId);
    liveByEnvironment.set(environmentId, live);
    for (const p of live) pacticipants.add(p);
  }
  const relevant = yield* relevantVersions([...pacticipants]);
  const relevantOf = (p: number) => relevant.get(p) ?? new Set<number>();
  const envVersions = new Map<number, Map<number, Set<number>>>();
  for (const [environmentId, live] of liveByEnvironment)
    envVersions.set(environmentId, yield* relevantVersions(live, { environmentId }));

  // 3. The publications of every consumer version in play (one query), and what the batch's deployed versions verified.
  const consumerVersions = new Set<number>(deployedVersions.keys());
  for (const versions of relevant.values()) for (const v of versions) consumerVersions.add(v);
  const pubs = yield* publicationsOfConsumerVersions([...consumerVersions]);
  const pubsOfVersion = new Map<number, PactRef[]>();
  for (const p of pubs)
    push(pubsOfVersion, p.consumer_version_id, {
      id: p.pact_version_id,
      sha: p.sha,
      consumerId: p.consumer_id,
      providerId: p.provider_id,
    });
  const pactsOf = (versions: Iterable<number>, providerId?: number) =>
    [...versions].flatMap((v) =>
      (pubsOfVersion.get(v) ?? []).filter((p) => providerId === undefined || p.providerId === providerId),
    );

  // 4. Comparisons: (pact, provider version with a document).
  const compare: { pact: PactRef; providerVersionId: number }[] = [];
  for (const pact of newPacts.values())
    for (const w of relevantOf(pact.providerId)) compare.push({ pact, providerVersionId: w });
  for (const [providerVersionId, providerId] of documents)
    for (const c of consumersOfDocuments.filter((x) => x.provider_id === providerId))
      for (const pact of pactsOf(relevantOf(c.consumer_id), providerId)) compare.push({ pact, providerVersionId });
  for (const byPacticipant of envVersions.values()) {
    const versionsOf = (p: number) => byPacticipant.get(p) ?? new Set<number>();
    for (const versions of byPacticipant.values())
      for (const pact of pactsOf(versions))
        for (const w of versionsOf(pact.providerId)) compare.push({ pact, providerVersionId: w });
  }
  const contracts = new Map<number, ContractRef>(
    (yield* latestContractRefsOfVersions([...new Set(compare.map((c) => c.providerVersionId))])).map((c) => [
      c.provider_version_id,
      c,
    ]),
  );
  const candidates = new Map<string, PlannedJob>();
  for (const { pact, providerVersionId } of compare) {
    const c = contracts.get(providerVersionId);
    // A contract that is no OpenAPI document is never compared: its answers are unknown (resolve.ts).
    if (!c || c.provider_id !== pact.providerId || isUnreadableContract(c)) continue;
    candidates.set(`${pact.sha}:${c.content_sha}`, {
      kind: COMPARE_JOB,
      key: `${pact.sha}:${c.content_sha}`,
      payload: { pactVersionId: pact.id, contractId: c.id },
    });
  }
  const known = new Set(
    (yield* comparisonsFor(
      [...new Set(compare.map((c) => c.pact.sha))],
      [...new Set([...contracts.values()].map((c) => c.content_sha))],
    )).map((c) => `${c.pact_sha}:${c.document_sha}`),
  );
  const jobs: PlannedJob[] = [...candidates.entries()].filter(([k]) => !known.has(k)).map(([, j]) => j);

  // 5. Subsumption, per consumer/provider pair of the batch: A (asked about) against B (verified successfully). Only
  // what the batch made newly relevant is planned: fresh A against every B, every A against fresh B (a pair of two
  // unchanged ones was planned when the later of them changed).
  const allA = new Map<string, Map<number, PactRef>>();
  const freshA = new Map<string, Map<number, PactRef>>();
  const allB = new Map<string, Set<number>>();
  const freshB = new Map<string, Set<number>>();
  const addA = (m: Map<string, Map<number, PactRef>>, p: PactRef) => {
    const k = pairKey(p.consumerId, p.providerId);
    let x = m.get(k);
    if (!x) {
      x = new Map();
      m.set(k, x);
    }
    x.set(p.id, p);
  };
  const addB = (m: Map<string, Set<number>>, consumerId: number, providerId: number, pactVersionId: number) => {
    const k = pairKey(consumerId, providerId);
    let x = m.get(k);
    if (!x) {
      x = new Set();
      m.set(k, x);
    }
    x.add(pactVersionId);
  };
  const pairs = new Set<string>();
  const fresh = (p: PactRef) => {
    addA(freshA, p);
    addA(allA, p);
    pairs.add(pairKey(p.consumerId, p.providerId));
  };
  for (const p of newPacts.values()) fresh(p);
  for (const v of deployedVersions.keys()) for (const p of pubsOfVersion.get(v) ?? []) fresh(p);
  for (const v of verified) {
    addB(freshB, v.consumerId, v.providerId, v.pactVersionId);
    addB(allB, v.consumerId, v.providerId, v.pactVersionId);
    pairs.add(pairKey(v.consumerId, v.providerId));
  }
  // What the batch's deployed versions (fresh) and every relevant provider version verified successfully.
  const providerVersions = new Set<number>(deployedVersions.keys());
  for (const pair of pairs) for (const w of relevantOf(Number(pair.split(':')[1]))) providerVersions.add(w);
  for (const r of yield* successfulVerificationsBy([...providerVersions])) {
    const k = pairKey(r.consumer_id, r.provider_id);
    if (deployedVersions.has(r.provider_version_id)) {
      addB(freshB, r.consumer_id, r.provider_id, r.pact_version_id);
      pairs.add(k);
    }
    if (pairs.has(k)) addB(allB, r.consumer_id, r.provider_id, r.pact_version_id);
  }
  // The pacts of each pair's relevant consumer versions are asked about.
  for (const pair of pairs) {
    const [consumerId, providerId] = pair.split(':').map(Number) as [number, number];
    for (const p of pactsOf(relevantOf(consumerId), providerId)) addA(allA, p);
  }
  const subsume: SubsumeJob[] = [];
  const cross = (as: Iterable<PactRef>, bs: Iterable<number>) => {
    for (const a of as) for (const b of bs) if (a.id !== b) subsume.push({ pactVersionId: a.id, byPactVersionId: b });
  };
  for (const pair of pairs) {
    cross(freshA.get(pair)?.values() ?? [], allB.get(pair) ?? []);
    cross(allA.get(pair)?.values() ?? [], freshB.get(pair) ?? []);
  }
  const checked = new Set(
    (yield* subsumptionsOf([...new Set(subsume.map((s) => s.pactVersionId))])).map(
      (r) => `${r.pact_version_id}:${r.by_pact_version_id}`,
    ),
  );
  const seen = new Set<string>();
  for (const s of subsume) {
    const key = `${s.pactVersionId}:${s.byPactVersionId}`;
    if (checked.has(key) || seen.has(key)) continue;
    seen.add(key);
    jobs.push({ kind: SUBSUME_JOB, key, payload: s });
  }
  return jobs;
}

/** The consumers of the given providers (an index-only read of migration 0014's index). */
function* consumersOf(providerIds: number[]): Program<{ consumer_id: number; provider_id: number }[]> {
  return yield* allIn(providerIds, (ids, chunk) => [
    `SELECT DISTINCT provider_id, consumer_id FROM pact_publications WHERE provider_id IN ${ids}`,
    chunk,
  ]);
}

/** Successful verifications made by the given provider versions. */
function* successfulVerificationsBy(
  providerVersionIds: number[],
): Program<{ pact_version_id: number; provider_version_id: number; consumer_id: number; provider_id: number }[]> {
  return yield* allIn(providerVersionIds, (ids, chunk) => [
    `SELECT DISTINCT pact_version_id, provider_version_id, consumer_id, provider_id FROM verifications
      WHERE success = 1 AND provider_version_id IN ${ids}`,
    chunk,
  ]);
}

/** The subsumption checks already answered for the given pacts. */
function* subsumptionsOf(pactVersionIds: number[]): Program<{ pact_version_id: number; by_pact_version_id: number }[]> {
  return yield* allIn(pactVersionIds, (ids, chunk) => [
    `SELECT pact_version_id, by_pact_version_id FROM subsumptions WHERE pact_version_id IN ${ids}`,
    chunk,
  ]);
}

/**
 * `planEvidence` as a background named read: the event dispatcher runs it before the batch's transaction (in a reader
 * thread when the store has them), so the planning's reads hold neither the write lock nor the event loop.
 */
export const planEvidenceRead = namedRead(import.meta.url, 'planEvidenceRead', planEvidence, { background: true });
