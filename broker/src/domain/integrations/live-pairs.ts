/**
 * The live pairs of an environment (issue 19): every (consumer version, provider version) that runs there together
 * with a pact between them, decided by the evidence resolver. Reads grow with what runs in the environment (its
 * deployed and released versions and their current pacts), never with history.
 */
import { evidenceKey, resolveEvidence, type EvidenceKind, type Verdict } from '../evidence/resolve.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { all, inList, type Program } from '../../storage/sql.ts';

export interface LivePair {
  consumerId: number;
  consumer: string;
  consumerVersion: string;
  providerId: number;
  provider: string;
  providerVersion: string;
  pactVersionId: number;
  providerVersionId: number;
  verdict: Verdict;
  evidence: EvidenceKind;
}

interface LiveVersion {
  pacticipant_id: number;
  pacticipant: string;
  version_id: number;
  version: string;
}

/** The versions running in an environment (deployed, or released and supported), one row per version. */
function* liveVersions(environmentId: number): Program<LiveVersion[]> {
  return yield* all<LiveVersion>(
    `SELECT DISTINCT x.pacticipant_id, p.name AS pacticipant, x.version_id, v.number AS version FROM (
       SELECT pacticipant_id, version_id FROM deployed_versions WHERE environment_id = ? AND undeployed_at IS NULL
       UNION SELECT pacticipant_id, version_id FROM released_versions WHERE environment_id = ? AND support_ended_at IS NULL
     ) x JOIN pacticipants p ON p.id = x.pacticipant_id JOIN versions v ON v.id = x.version_id`,
    [environmentId, environmentId],
  );
}

/** Every live pair of the environment with its verdict and the kind of evidence behind it. */
export function* livePairs(environmentId: number): Program<LivePair[]> {
  const live = yield* liveVersions(environmentId);
  if (!live.length) return [];
  const byVersion = new Map(live.map((l) => [l.version_id, l]));
  const byPacticipant = new Map<number, LiveVersion[]>();
  for (const l of live) {
    const list = byPacticipant.get(l.pacticipant_id);
    if (list) list.push(l);
    else byPacticipant.set(l.pacticipant_id, [l]);
  }
  const pubs = yield* publicationsOfConsumerVersions([...byVersion.keys()]);
  const pairs: (Omit<LivePair, 'verdict' | 'evidence'> & { pactSha: string })[] = [];
  for (const pub of pubs) {
    const c = byVersion.get(pub.consumer_version_id)!;
    for (const pv of byPacticipant.get(pub.provider_id) ?? [])
      pairs.push({
        consumerId: c.pacticipant_id,
        consumer: c.pacticipant,
        consumerVersion: c.version,
        providerId: pv.pacticipant_id,
        provider: pv.pacticipant,
        providerVersion: pv.version,
        pactVersionId: pub.pact_version_id,
        pactSha: pub.sha,
        providerVersionId: pv.version_id,
      });
  }
  const evidence = yield* resolveEvidence(pairs);
  return pairs.map(({ pactSha: _, ...p }) => {
    const e = evidence.get(evidenceKey(p.pactVersionId, p.providerVersionId))!;
    return { ...p, verdict: e.verdict, evidence: e.evidence };
  });
}

/** When a verification was last requested for each (pact content, provider version), of the pairs given. */
export function* verificationRequestTimes(
  pairs: readonly { pactVersionId: number; providerVersionId: number }[],
): Program<Map<string, string>> {
  const out = new Map<string, string>();
  const providerVersions = [...new Set(pairs.map((p) => p.providerVersionId))];
  const wanted = new Set(pairs.map((p) => evidenceKey(p.pactVersionId, p.providerVersionId)));
  // By provider version (indexed), in chunks the placeholders of both stores allow.
  for (let i = 0; i < providerVersions.length; i += 500) {
    const chunk = providerVersions.slice(i, i + 500);
    const rows = yield* all<{ pact_version_id: number; provider_version_id: number; requested_at: string }>(
      `SELECT pact_version_id, provider_version_id, requested_at FROM verification_requests
       WHERE provider_version_id IN ${inList(chunk)}`,
      chunk,
    );
    for (const r of rows) {
      const k = evidenceKey(r.pact_version_id, r.provider_version_id);
      if (wanted.has(k)) out.set(k, r.requested_at);
    }
  }
  return out;
}
