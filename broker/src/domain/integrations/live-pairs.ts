/**
 * The live pairs of an environment (issue 19): every (consumer version, provider version) that runs there together
 * with a pact between them, decided by the evidence resolver. Reads grow with what runs in the environment (its
 * deployed and released versions and their current pacts), never with history.
 */
import { evidenceKey, resolveEvidence, type EvidenceKind, type Verdict } from '../evidence/resolve.ts';
import { satisfies, semverBoth, type Requirement } from '../../gate/rollback/requirements.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { mainBranchPositions, requirementsOfVersions } from '../../repositories/requirements.ts';
import { all, inList, type Program } from '../../storage/sql.ts';

export interface LivePair {
  consumerId: number;
  consumer: string;
  consumerVersion: string;
  providerId: number;
  provider: string;
  providerVersion: string;
  /** The pact's content; null for a pair made by a declared requirement alone (issue 21). */
  pactVersionId: number | null;
  consumerVersionId: number;
  providerVersionId: number;
  verdict: Verdict;
  evidence: EvidenceKind | 'declared';
}

interface LiveVersion {
  environment_id: number;
  pacticipant_id: number;
  pacticipant: string;
  version_id: number;
  version: string;
}

/** The versions running in the environments (deployed, or released and supported), one row per environment and version. */
function* liveVersions(environmentIds: readonly number[]): Program<LiveVersion[]> {
  return yield* all<LiveVersion>(
    `SELECT DISTINCT x.environment_id, x.pacticipant_id, p.name AS pacticipant, x.version_id, v.number AS version FROM (
       SELECT environment_id, pacticipant_id, version_id FROM deployed_versions
       WHERE environment_id IN ${inList(environmentIds)} AND undeployed_at IS NULL
       UNION SELECT environment_id, pacticipant_id, version_id FROM released_versions
       WHERE environment_id IN ${inList(environmentIds)} AND support_ended_at IS NULL
     ) x JOIN pacticipants p ON p.id = x.pacticipant_id JOIN versions v ON v.id = x.version_id`,
    [...environmentIds, ...environmentIds],
  );
}

/** Every live pair of the environment with its verdict and the kind of evidence behind it. */
export function* livePairs(environmentId: number): Program<LivePair[]> {
  return (yield* livePairsIn([environmentId])).get(environmentId) ?? [];
}

/**
 * The live pairs of several environments, by environment id: one read of what runs there, of their pacts and
 * one evidence resolution for all (a pair live in several environments is decided once).
 */
export function* livePairsIn(environmentIds: readonly number[]): Program<Map<number, LivePair[]>> {
  const out = new Map<number, LivePair[]>(environmentIds.map((id) => [id, []]));
  if (!environmentIds.length) return out;
  const live = yield* liveVersions(environmentIds);
  if (!live.length) return out;
  const versions = new Map(live.map((l) => [l.version_id, l]));
  // (environment, provider) -> its live versions there; (consumer version) -> the environments it runs in.
  const byEnvPacticipant = new Map<string, LiveVersion[]>();
  const envsOfVersion = new Map<number, number[]>();
  for (const l of live) {
    const k = `${l.environment_id}:${l.pacticipant_id}`;
    const list = byEnvPacticipant.get(k);
    if (list) list.push(l);
    else byEnvPacticipant.set(k, [l]);
    const envs = envsOfVersion.get(l.version_id);
    if (envs) envs.push(l.environment_id);
    else envsOfVersion.set(l.version_id, [l.environment_id]);
  }
  const pubs = yield* publicationsOfConsumerVersions([...versions.keys()]);
  const pairs: (Omit<LivePair, 'verdict' | 'evidence' | 'pactVersionId'> & {
    pactVersionId: number;
    pactSha: string;
    environmentId: number;
  })[] = [];
  for (const pub of pubs) {
    const c = versions.get(pub.consumer_version_id)!;
    for (const environmentId of envsOfVersion.get(pub.consumer_version_id) ?? [])
      for (const pv of byEnvPacticipant.get(`${environmentId}:${pub.provider_id}`) ?? [])
        pairs.push({
          environmentId,
          consumerId: c.pacticipant_id,
          consumer: c.pacticipant,
          consumerVersion: c.version,
          consumerVersionId: c.version_id,
          providerId: pv.pacticipant_id,
          provider: pv.pacticipant,
          providerVersion: pv.version,
          pactVersionId: pub.pact_version_id,
          pactSha: pub.sha,
          providerVersionId: pv.version_id,
        });
  }
  const unique = new Map(pairs.map((p) => [evidenceKey(p.pactVersionId, p.providerVersionId), p]));
  const evidence = yield* resolveEvidence([...unique.values()]);
  const at = new Map<string, LivePair>();
  for (const { pactSha: _, environmentId, ...p } of pairs) {
    const e = evidence.get(evidenceKey(p.pactVersionId, p.providerVersionId))!;
    const pair: LivePair = { ...p, verdict: e.verdict, evidence: e.evidence };
    out.get(environmentId)!.push(pair);
    at.set(`${environmentId}:${p.consumerVersionId}:${p.providerVersionId}`, pair);
  }
  yield* addDeclared(live, byEnvPacticipant, envsOfVersion, at, out);
  return out;
}

/**
 * Declared requirements (issue 21) of the live versions, against the required pacticipant's live versions in the same
 * environment, folded in as can-i-rollback folds them (gate/rollback/declared.ts): where a pact pair exists, it is
 * incompatible if either says so and compatible only if the pact's evidence is; a requirement with no pact beside it
 * is a pair of its own.
 */
function* addDeclared(
  live: LiveVersion[],
  byEnvPacticipant: Map<string, LiveVersion[]>,
  envsOfVersion: Map<number, number[]>,
  at: Map<string, LivePair>,
  out: Map<number, LivePair[]>,
): Program<void> {
  const reqs = yield* requirementsOfVersions([...new Set(live.map((l) => l.version_id))]);
  if (!reqs.length) return;
  const version = new Map(live.map((l) => [l.version_id, l]));
  for (const r of reqs) {
    const from = version.get(r.version_id)!;
    const requirement: Requirement = r.semver_range !== null ? { range: r.semver_range } : { atLeast: r.at_least! };
    for (const environmentId of envsOfVersion.get(r.version_id) ?? []) {
      const others = byEnvPacticipant.get(`${environmentId}:${r.required_id}`) ?? [];
      if (!others.length) continue;
      const needsOrder =
        requirement.atLeast !== undefined && others.some((w) => !semverBoth(w.version, requirement.atLeast as string));
      const positions = needsOrder
        ? yield* mainBranchPositions(r.required_id, [requirement.atLeast as string, ...others.map((o) => o.version)])
        : new Map<string, number>();
      for (const w of others) {
        const verdict = satisfies(requirement, w.version, (v) => positions.get(v));
        const pact = at.get(`${environmentId}:${from.version_id}:${w.version_id}`);
        if (pact) {
          if (pact.verdict !== 'incompatible' && verdict !== 'compatible') {
            pact.verdict = verdict;
            pact.evidence = 'declared';
          }
          continue;
        }
        // No pact pair: the consumer version has no pact with this provider (else every live provider version
        // would be paired with it above), so the requirement alone makes the pair.
        out.get(environmentId)!.push({
          consumerId: from.pacticipant_id,
          consumer: from.pacticipant,
          consumerVersion: from.version,
          consumerVersionId: from.version_id,
          providerId: w.pacticipant_id,
          provider: w.pacticipant,
          providerVersion: w.version,
          pactVersionId: null,
          providerVersionId: w.version_id,
          verdict,
          evidence: 'declared',
        });
      }
    }
  }
}

/** When a verification was last requested for each (pact content, provider version), of the pairs given. */
export function* verificationRequestTimes(
  all_: readonly { pactVersionId: number | null; providerVersionId: number }[],
): Program<Map<string, string>> {
  const out = new Map<string, string>();
  const pairs = all_.filter((p): p is { pactVersionId: number; providerVersionId: number } => p.pactVersionId !== null);
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
