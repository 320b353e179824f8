/**
 * The pacticipant page's read model (issue 19): each consumer and provider with its state, evidence kind and last
 * verification per environment, the services that depend on it transitively, a page of its versions and, for each
 * deployed version, what its pacts changed since the version deployed there before. Reads grow with what the page
 * shows: the live versions of the service and of its neighbours, one page of versions, the integration pairs (one
 * row per pair, not per version) for the dependants.
 */
import {
  resolveEvidence,
  evidenceKey,
  type EvidenceKind,
  type EvidenceQuery,
  type Verdict,
} from '../evidence/resolve.ts';
import { declaredEdges } from './declared-edges.ts';
import { group } from './read-models.ts';
import { pacticipantOr404 } from '../lookup.ts';
import { listEnvironments, type EnvironmentRow } from '../../repositories/environments.ts';
import { integrationPairs, publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { branchesOfVersions } from '../../repositories/versions.ts';
import { versionsWithDocuments } from '../../repositories/openapi-changes.ts';
import { all, get, inList, type Program } from '../../storage/sql.ts';
import type { PacticipantRow } from '../../repositories/pacticipants.ts';

export const VERSIONS_PER_PAGE = 20;
/** Dependants are listed by name up to this many hops away; further ones are only counted. */
export const DEPENDANT_HOPS = 3;

interface LiveRow {
  deployment_id: number | null;
  pacticipant_id: number;
  pacticipant: string;
  environment_id: number;
  environment: string;
  application_instance: string | null;
  version_id: number;
  version: string;
  kind: 'deployed' | 'released';
}

export interface CounterpartState {
  environment: string;
  verdict: Verdict | 'not-deployed';
  evidence?: EvidenceKind | 'declared';
  /** The live versions behind the verdict (the worst pair when several instances run). */
  consumerVersion?: string;
  providerVersion?: string;
  /** The newest verification of the consumer's live pact content there, by any provider version. */
  lastVerification?: { at: string; success: boolean; providerVersion: string };
  /** When rollgate asked the provider's pipeline to verify the pair (unknown pairs only). */
  verificationRequestedAt?: string;
}

export interface Counterpart {
  name: string;
  /** Its relation to the page's service: it consumes the service, or the service consumes it. */
  role: 'consumer' | 'provider';
  declared: boolean;
  states: CounterpartState[];
}

export interface LiveDiff {
  environment: string;
  applicationInstance: string | null;
  version: string;
  /** The version deployed there before (the newest earlier deployment of another version), if any. */
  previous: string | null;
  pacts: { provider: string; change: 'changed' | 'unchanged' | 'added' | 'removed' }[];
}

export interface PacticipantPageData {
  pacticipant: PacticipantRow;
  environments: EnvironmentRow[];
  placements: LiveRow[];
  counterparts: Counterpart[];
  /** Transitive consumers by distance (1 = direct consumers), names sorted. */
  dependants: { hop: number; names: string[] }[];
  dependantTotal: number;
  /** Dependants more than DEPENDANT_HOPS hops away (counted, not named). */
  furtherDependants: number;
  versions: {
    page: number;
    pages: number;
    total: number;
    rows: { id: number; number: string; created_at: string; branches: string[]; pactsWith: string[]; live: string[] }[];
  };
  liveDiffs: LiveDiff[];
  documents: string[];
}

function* liveOf(ids: number[]): Program<LiveRow[]> {
  if (!ids.length) return [];
  const deployed = yield* all<LiveRow>(
    `SELECT d.id AS deployment_id, d.pacticipant_id, p.name AS pacticipant, e.id AS environment_id, e.name AS environment,
       d.application_instance, d.version_id, v.number AS version, 'deployed' AS kind
     FROM deployed_versions d JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id
     JOIN environments e ON e.id = d.environment_id
     WHERE d.undeployed_at IS NULL AND d.pacticipant_id IN ${inList(ids)} ORDER BY e.name, p.name, d.application_instance`,
    ids,
  );
  const released = yield* all<LiveRow>(
    `SELECT NULL AS deployment_id, r.pacticipant_id, p.name AS pacticipant, e.id AS environment_id, e.name AS environment,
       NULL AS application_instance, r.version_id, v.number AS version, 'released' AS kind
     FROM released_versions r JOIN versions v ON v.id = r.version_id JOIN pacticipants p ON p.id = r.pacticipant_id
     JOIN environments e ON e.id = r.environment_id
     WHERE r.support_ended_at IS NULL AND r.pacticipant_id IN ${inList(ids)} ORDER BY e.name, p.name, r.id`,
    ids,
  );
  return [...deployed, ...released];
}

/** The environment's live versions of every pacticipant (for declared requirements): bounded by the services. */
function* liveInEnvironment(environmentId: number) {
  return yield* all<{ pacticipant_id: number; pacticipant: string; version_id: number; version: string }>(
    `SELECT d.pacticipant_id, p.name AS pacticipant, d.version_id, v.number AS version FROM deployed_versions d
     JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id
     WHERE d.undeployed_at IS NULL AND d.environment_id = ?
     UNION ALL
     SELECT r.pacticipant_id, p.name AS pacticipant, r.version_id, v.number AS version FROM released_versions r
     JOIN versions v ON v.id = r.version_id JOIN pacticipants p ON p.id = r.pacticipant_id
     WHERE r.support_ended_at IS NULL AND r.environment_id = ?`,
    [environmentId, environmentId],
  );
}

const RANK = { compatible: 0, unknown: 1, incompatible: 2 } as const;

/** The page of `name`; `page` is the versions page (1-based; past the last gives the last). */
export function* pacticipantPageData(name: string, page: number): Program<PacticipantPageData> {
  const p = yield* pacticipantOr404(name);
  const environments = yield* listEnvironments();
  const pairs = yield* integrationPairs();
  const consumerIds = pairs.filter((x) => x.provider_id === p.id).map((x) => x.consumer_id);
  const providerIds = pairs.filter((x) => x.consumer_id === p.id).map((x) => x.provider_id);
  const neighbourIds = [...new Set([...consumerIds, ...providerIds])];

  // Dependants: breadth-first over "consumes", from the service outwards (the pairs are one row per integration).
  const consumersOf = group(pairs, (x) => x.provider_id);
  const hopOf = new Map<number, number>([[p.id, 0]]);
  let frontier = [p.id];
  for (let hop = 1; frontier.length; hop++) {
    const next: number[] = [];
    for (const id of frontier)
      for (const e of consumersOf.get(id) ?? [])
        if (!hopOf.has(e.consumer_id)) {
          hopOf.set(e.consumer_id, hop);
          next.push(e.consumer_id);
        }
    frontier = next;
  }
  hopOf.delete(p.id);
  const namedIds = [
    ...new Set([...neighbourIds, ...[...hopOf].filter(([, h]) => h <= DEPENDANT_HOPS).map(([id]) => id)]),
  ];
  const names = new Map(
    (namedIds.length
      ? yield* all<{ id: number; name: string }>(
          `SELECT id, name FROM pacticipants WHERE id IN ${inList(namedIds)}`,
          namedIds,
        )
      : []
    ).map((r) => [r.id, r.name]),
  );
  const byHop = group(
    [...hopOf].filter(([, h]) => h <= DEPENDANT_HOPS),
    ([, h]) => h,
  );
  const dependants = [...byHop]
    .sort((a, b) => a[0] - b[0])
    .map(([hop, ids]) => ({ hop, names: ids.map(([id]) => names.get(id) ?? '?').sort() }));
  const furtherDependants = [...hopOf.values()].filter((h) => h > DEPENDANT_HOPS).length;

  // Live versions of the service and its neighbours; the pacts between them; their evidence.
  const live = yield* liveOf([p.id, ...neighbourIds]);
  const liveByEnvAndPacticipant = group(live, (l) => `${l.environment_id}:${l.pacticipant_id}`);
  const pubs = yield* publicationsOfConsumerVersions([...new Set(live.map((l) => l.version_id))]);
  const relevant = pubs.filter(
    (x) => (x.provider_id === p.id && x.consumer_id !== p.id) || (x.consumer_id === p.id && x.provider_id !== p.id),
  );
  const pubsByVersion = group(relevant, (x) => x.consumer_version_id);
  type Q = EvidenceQuery & { env: number; counterpart: number; cv: string; pv: string };
  const queries: Q[] = [];
  for (const l of live) {
    for (const pub of pubsByVersion.get(l.version_id) ?? []) {
      const counterpart = pub.consumer_id === p.id ? pub.provider_id : pub.consumer_id;
      for (const pv of liveByEnvAndPacticipant.get(`${l.environment_id}:${pub.provider_id}`) ?? [])
        queries.push({
          pactVersionId: pub.pact_version_id,
          pactSha: pub.sha,
          providerVersionId: pv.version_id,
          env: l.environment_id,
          counterpart,
          cv: l.version,
          pv: pv.version,
        });
    }
  }
  const evidence = yield* resolveEvidence(queries);
  const pactIds = [...new Set(queries.map((q) => q.pactVersionId))];
  const lastVerifications = pactIds.length
    ? yield* all<{ pact_version_id: number; success: number | boolean; created_at: string; provider_version: string }>(
        `SELECT v.pact_version_id, v.success, v.created_at, pv.number AS provider_version FROM verifications v
         JOIN versions pv ON pv.id = v.provider_version_id
         WHERE v.id IN (SELECT MAX(id) FROM verifications WHERE pact_version_id IN ${inList(pactIds)} GROUP BY pact_version_id)`,
        pactIds,
      )
    : [];
  const lastByPact = new Map(lastVerifications.map((v) => [v.pact_version_id, v]));
  const unknown = queries.filter(
    (q) => evidence.get(evidenceKey(q.pactVersionId, q.providerVersionId))?.verdict === 'unknown',
  );
  const requests = unknown.length
    ? yield* all<{ pact_version_id: number; provider_version_id: number; requested_at: string }>(
        `SELECT pact_version_id, provider_version_id, requested_at FROM verification_requests
         WHERE pact_version_id IN ${inList([...new Set(unknown.map((q) => q.pactVersionId))])}
           AND provider_version_id IN ${inList([...new Set(unknown.map((q) => q.providerVersionId))])}`,
        [...new Set(unknown.map((q) => q.pactVersionId)), ...new Set(unknown.map((q) => q.providerVersionId))],
      )
    : [];
  const requestedAt = new Map(
    requests.map((r) => [evidenceKey(r.pact_version_id, r.provider_version_id), r.requested_at]),
  );
  const queriesBy = group(queries, (q) => `${q.env}:${q.counterpart}`);

  const stateOf = (envId: number, envName: string, counterpart: number): CounterpartState => {
    const qs = queriesBy.get(`${envId}:${counterpart}`) ?? [];
    if (!qs.length) return { environment: envName, verdict: 'not-deployed' };
    let worst: { q: Q; verdict: Verdict; evidence: EvidenceKind } | undefined;
    for (const q of qs) {
      const e = evidence.get(evidenceKey(q.pactVersionId, q.providerVersionId))!;
      if (!worst || RANK[e.verdict] > RANK[worst.verdict]) worst = { q, verdict: e.verdict, evidence: e.evidence };
    }
    const w = worst!;
    const last = qs
      .map((q) => lastByPact.get(q.pactVersionId))
      .filter((v) => v !== undefined)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
    return {
      environment: envName,
      verdict: w.verdict,
      evidence: w.evidence,
      consumerVersion: w.q.cv,
      providerVersion: w.q.pv,
      ...(last
        ? {
            lastVerification: {
              at: last.created_at,
              success: last.success === true || last.success === 1,
              providerVersion: last.provider_version,
            },
          }
        : {}),
      ...(w.verdict === 'unknown' && requestedAt.has(evidenceKey(w.q.pactVersionId, w.q.providerVersionId))
        ? { verificationRequestedAt: requestedAt.get(evidenceKey(w.q.pactVersionId, w.q.providerVersionId)) }
        : {}),
    };
  };
  const counterpart = (id: number, role: Counterpart['role']): Counterpart => ({
    name: names.get(id) ?? '?',
    role,
    declared: false,
    states: environments.map((e) => stateOf(e.id, e.name, id)),
  });
  const counterparts = [
    ...consumerIds.map((id) => counterpart(id, 'consumer')),
    ...providerIds.map((id) => counterpart(id, 'provider')),
  ];
  // Declared requirements (issue 21) involving the service, if any (two index probes), evaluated per environment.
  const declares = yield* get<{ one: number }>(
    `SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM version_requirements WHERE required_id = ?)
       OR EXISTS (SELECT 1 FROM versions v JOIN version_requirements r ON r.version_id = v.id WHERE v.pacticipant_id = ?)`,
    [p.id, p.id],
  );
  for (const env of declares ? environments : []) {
    const edges = (yield* declaredEdges(env.name, yield* liveInEnvironment(env.id))).filter(
      (e) => e.consumer === p.name || e.provider === p.name,
    );
    for (const e of edges) {
      const other = e.consumer === p.name ? e.provider : e.consumer;
      const role = e.consumer === p.name ? 'provider' : 'consumer';
      let c = counterparts.find((x) => x.name === other && x.role === role && x.declared);
      if (!c) {
        c = { name: other, role, declared: true, states: [] };
        counterparts.push(c);
      }
      c.states.push(
        e.state === 'compatible' || e.state === 'incompatible' || e.state === 'unknown'
          ? { environment: env.name, verdict: e.state, evidence: 'declared' }
          : { environment: env.name, verdict: 'not-deployed' },
      );
    }
  }
  // Worst first (an incompatible pair anywhere, then an unknown one), then by name.
  const worst = (c: Counterpart) =>
    Math.max(-1, ...c.states.map((s) => (s.verdict === 'not-deployed' ? -1 : RANK[s.verdict])));
  counterparts.sort((a, b) => a.role.localeCompare(b.role) || worst(b) - worst(a) || a.name.localeCompare(b.name));

  // One page of versions, newest first, with the total.
  const total = Number(
    (yield* get<{ n: number | string }>('SELECT COUNT(*) AS n FROM versions WHERE pacticipant_id = ?', [p.id]))?.n ?? 0,
  );
  const pages = Math.max(1, Math.ceil(total / VERSIONS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const versions = yield* all<{ id: number; number: string; created_at: string }>(
    'SELECT id, number, created_at FROM versions WHERE pacticipant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
    [p.id, VERSIONS_PER_PAGE, (current - 1) * VERSIONS_PER_PAGE],
  );
  const branches = versions.length ? yield* branchesOfVersions(versions.map((v) => v.id)) : [];
  const own = live.filter((l) => l.pacticipant_id === p.id);
  const versionPubs = versions.length ? yield* publicationsOfConsumerVersions(versions.map((v) => v.id)) : [];

  // Each deployed version against the version deployed there before it.
  const previous: {
    environment: string;
    application_instance: string | null;
    current_id: number;
    version_id: number;
    version: string;
  }[] = [];
  for (const l of own) {
    if (l.kind !== 'deployed' || l.deployment_id === null) continue;
    const row = yield* get<{ version_id: number; version: string }>(
      `SELECT d.version_id, v.number AS version FROM deployed_versions d JOIN versions v ON v.id = d.version_id
       WHERE d.pacticipant_id = ? AND d.environment_id = ? AND d.application_instance = ? AND d.id < ? AND d.version_id <> ?
       ORDER BY d.id DESC LIMIT 1`,
      [p.id, l.environment_id, l.application_instance ?? '', l.deployment_id, l.version_id],
    );
    if (row)
      previous.push({
        environment: l.environment,
        application_instance: l.application_instance,
        current_id: l.version_id,
        ...row,
      });
  }
  const diffPubs = previous.length
    ? yield* publicationsOfConsumerVersions([...new Set(previous.flatMap((x) => [x.current_id, x.version_id]))])
    : [];
  const provNames = new Map(
    (diffPubs.length
      ? yield* all<{ id: number; name: string }>(
          `SELECT id, name FROM pacticipants WHERE id IN ${inList([...new Set(diffPubs.map((x) => x.provider_id))])}`,
          [...new Set(diffPubs.map((x) => x.provider_id))],
        )
      : []
    ).map((r) => [r.id, r.name]),
  );
  const liveDiffs: LiveDiff[] = own
    .filter((l) => l.kind === 'deployed')
    .map((l) => {
      const prev = previous.find(
        (x) => x.environment === l.environment && x.application_instance === l.application_instance,
      );
      if (!prev)
        return {
          environment: l.environment,
          applicationInstance: l.application_instance,
          version: l.version,
          previous: null,
          pacts: [],
        };
      const now = new Map(
        diffPubs.filter((x) => x.consumer_version_id === l.version_id).map((x) => [x.provider_id, x.pact_version_id]),
      );
      const before = new Map(
        diffPubs
          .filter((x) => x.consumer_version_id === prev.version_id)
          .map((x) => [x.provider_id, x.pact_version_id]),
      );
      const pacts = [...new Set([...now.keys(), ...before.keys()])].map((id) => ({
        provider: provNames.get(id) ?? '?',
        change: !before.has(id)
          ? ('added' as const)
          : !now.has(id)
            ? ('removed' as const)
            : before.get(id) === now.get(id)
              ? ('unchanged' as const)
              : ('changed' as const),
      }));
      pacts.sort((a, b) => a.provider.localeCompare(b.provider));
      return {
        environment: l.environment,
        applicationInstance: l.application_instance,
        version: l.version,
        previous: prev.version,
        pacts,
      };
    });

  const pactsWithOf = group(versionPubs, (x) => x.consumer_version_id);
  const providerNamesOfPage = versionPubs.length
    ? new Map(
        (yield* all<{ id: number; name: string }>(
          `SELECT id, name FROM pacticipants WHERE id IN ${inList([...new Set(versionPubs.map((x) => x.provider_id))])}`,
          [...new Set(versionPubs.map((x) => x.provider_id))],
        )).map((r) => [r.id, r.name]),
      )
    : new Map<number, string>();
  return {
    pacticipant: p,
    environments,
    placements: own,
    counterparts,
    dependants,
    dependantTotal: hopOf.size,
    furtherDependants,
    versions: {
      page: current,
      pages,
      total,
      rows: versions.map((v) => ({
        ...v,
        branches: branches.filter((b) => b.version_id === v.id).map((b) => b.branch),
        pactsWith: [
          ...new Set((pactsWithOf.get(v.id) ?? []).map((x) => providerNamesOfPage.get(x.provider_id) ?? '?')),
        ].sort(),
        live: own.filter((l) => l.version_id === v.id).map((l) => l.environment),
      })),
    },
    liveDiffs,
    documents: yield* versionsWithDocuments(p.id, 10),
  };
}
