/**
 * Read programs for the browser pages (issue 7). Each page is a handful of batched queries, whatever the
 * size of the organisation: no query per pacticipant or per version.
 */
import { resolveEvidence, evidenceKey, type PairEvidence, type EvidenceQuery } from '../evidence/resolve.ts';
import { declaredEdges } from './declared-edges.ts';
import { pacticipantOr404, environmentByNameOr400, versionOr404 } from '../lookup.ts';
import { pactForConsumerVersion } from '../pacts/queries.ts';
import { findComparison, type ComparisonRow } from '../../repositories/evidence.ts';
import { listEnvironments, type EnvironmentRow } from '../../repositories/environments.ts';
import { integrationPairs, publicationsForPair, publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import {
  latestProviderContract,
  providerContractsOf,
  type ProviderContractRow,
} from '../../repositories/provider-contracts.ts';
import { all, inList, type Program } from '../../storage/sql.ts';

export interface Placement {
  pacticipant_id: number;
  pacticipant: string;
  environment: string;
  application_instance: string | null;
  version_id: number;
  version: string;
  kind: 'deployed' | 'released';
}

function* placements(environmentId?: number): Program<Placement[]> {
  const envFilter = environmentId === undefined ? '' : ' AND e.id = ?';
  const params = environmentId === undefined ? [] : [environmentId];
  const deployed = yield* all<Placement>(
    `SELECT d.pacticipant_id, p.name AS pacticipant, e.name AS environment, d.application_instance, d.version_id, v.number AS version, 'deployed' AS kind
     FROM deployed_versions d JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id JOIN environments e ON e.id = d.environment_id
     WHERE d.undeployed_at IS NULL${envFilter} ORDER BY e.name, p.name, d.application_instance`,
    params,
  );
  const released = yield* all<Placement>(
    `SELECT r.pacticipant_id, p.name AS pacticipant, e.name AS environment, NULL AS application_instance, r.version_id, v.number AS version, 'released' AS kind
     FROM released_versions r JOIN versions v ON v.id = r.version_id JOIN pacticipants p ON p.id = r.pacticipant_id JOIN environments e ON e.id = r.environment_id
     WHERE r.support_ended_at IS NULL${envFilter} ORDER BY e.name, p.name, r.id`,
    params,
  );
  return [...deployed, ...released];
}

/** Rows grouped by a key, each group in the rows' order. */
export function group<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export interface GraphEdge {
  consumer: string;
  provider: string;
  /** Compatibility in the chosen environment: the worst pair between the consumer's and provider's live versions. */
  state: 'compatible' | 'incompatible' | 'unknown' | 'not-deployed' | 'no-environment';
  evidence?: PairEvidence['evidence'];
  detail: string;
  /** A declared requirement (issue 21), drawn in its own style; absent for a pact. */
  declared?: true;
}

/** A blast radius: the services within `up` hops above `focus` (its consumers, theirs, ...) and `down` below. */
export interface GraphScope {
  focus: string;
  up: number;
  down: number;
}

export interface ServiceGraph {
  nodes: { name: string; deployed: boolean }[];
  edges: GraphEdge[];
  environments: EnvironmentRow[];
  /** With a scope: each service's signed distance from the focus (consumers negative, providers positive). */
  hops?: Map<string, number>;
  /** Every pacticipant's name (the picker offers them all, whatever the scope). */
  allNames: string[];
}

/**
 * The services within the scope and the integrations along its paths: an integration c -> p is kept when c is
 * one hop further up than p, or p one hop further down than c (integrations between two services at the same
 * distance are left out). Breadth-first over the integration pairs alone, before any evidence is looked at.
 */
export function blastRadius(
  pairs: readonly { consumer_id: number; provider_id: number }[],
  focus: number,
  up: number,
  down: number,
): { hops: Map<number, number>; pairs: { consumer_id: number; provider_id: number }[] } {
  const consumersOf = group(pairs, (x) => x.provider_id);
  const providersOf = group(pairs, (x) => x.consumer_id);
  const walk = (next: (id: number) => number[], limit: number) => {
    const dist = new Map<number, number>([[focus, 0]]);
    let frontier = [focus];
    for (let d = 1; d <= limit && frontier.length; d++) {
      const seen: number[] = [];
      for (const v of frontier)
        for (const w of next(v))
          if (!dist.has(w)) {
            dist.set(w, d);
            seen.push(w);
          }
      frontier = seen;
    }
    return dist;
  };
  const above = walk((v) => (consumersOf.get(v) ?? []).map((x) => x.consumer_id), up);
  const below = walk((v) => (providersOf.get(v) ?? []).map((x) => x.provider_id), down);
  const hops = new Map<number, number>();
  for (const [id, d] of below) hops.set(id, d);
  // A service both above and below (a cycle) sits on the side where it is nearer; consumers win a tie.
  for (const [id, d] of above) if (d > 0 && (!hops.has(id) || (hops.get(id) ?? 0) >= d)) hops.set(id, -d);
  const kept = pairs.filter(
    (x) =>
      (above.get(x.consumer_id) !== undefined && above.get(x.consumer_id) === (above.get(x.provider_id) ?? -9) + 1) ||
      (below.get(x.provider_id) !== undefined && below.get(x.provider_id) === (below.get(x.consumer_id) ?? -9) + 1),
  );
  return { hops, pairs: kept };
}

/**
 * Who consumes whom, and (with an environment) whether the live versions there are compatible. With a scope,
 * the subgraph is chosen first (from the integration pairs) and evidence is resolved for its integrations only,
 * so a focused graph costs what it shows.
 */
export function* serviceGraph(environment?: string, scope?: GraphScope): Program<ServiceGraph> {
  const envs = yield* listEnvironments();
  const env = environment ? yield* environmentByNameOr400(environment) : undefined;
  const ps = yield* all<{ id: number; name: string }>('SELECT id, name FROM pacticipants ORDER BY name');
  const nameOf = new Map(ps.map((p) => [p.id, p.name]));
  let ints = yield* integrationPairs();
  let keep: ((id: number) => boolean) | undefined;
  let hops: Map<string, number> | undefined;
  if (scope) {
    const focus = yield* pacticipantOr404(scope.focus);
    const radius = blastRadius(ints, focus.id, scope.up, scope.down);
    ints = radius.pairs;
    keep = (id) => radius.hops.has(id);
    hops = new Map([...radius.hops].map(([id, d]) => [nameOf.get(id) ?? '?', d]));
  }
  let live = env ? yield* placements(env.id) : [];
  if (keep) live = live.filter((l) => keep(l.pacticipant_id));
  const liveBy = group(live, (l) => l.pacticipant_id);
  const wanted = new Set(ints.map((i) => `${i.consumer_id}:${i.provider_id}`));
  const queries: (EvidenceQuery & { c: number; p: number; cv: string; pv: string })[] = [];
  if (env) {
    const consumers = new Set(ints.map((i) => i.consumer_id));
    const pubs = yield* publicationsOfConsumerVersions([
      ...new Set(live.filter((l) => consumers.has(l.pacticipant_id)).map((l) => l.version_id)),
    ]);
    const versionNumber = new Map(live.map((l) => [l.version_id, l.version]));
    for (const pub of pubs) {
      if (!wanted.has(`${pub.consumer_id}:${pub.provider_id}`)) continue;
      for (const pv of liveBy.get(pub.provider_id) ?? []) {
        queries.push({
          pactVersionId: pub.pact_version_id,
          pactSha: pub.sha,
          providerVersionId: pv.version_id,
          c: pub.consumer_id,
          p: pub.provider_id,
          cv: versionNumber.get(pub.consumer_version_id) ?? '?',
          pv: pv.version,
        });
      }
    }
  }
  const evidence = yield* resolveEvidence(queries);
  const byPair = group(queries, (q) => `${q.c}:${q.p}`);
  const rank = { compatible: 0, unknown: 1, incompatible: 2 } as const;
  const edges: GraphEdge[] = ints.map((i) => {
    const consumer = nameOf.get(i.consumer_id) ?? '?';
    const provider = nameOf.get(i.provider_id) ?? '?';
    if (!env) return { consumer, provider, state: 'no-environment', detail: `${consumer} consumes ${provider}` };
    const qs = byPair.get(`${i.consumer_id}:${i.provider_id}`) ?? [];
    if (!qs.length)
      return {
        consumer,
        provider,
        state: 'not-deployed',
        detail: `${consumer} → ${provider}: not both live in ${env.name} with a pact between them`,
      };
    let worst: PairEvidence | undefined;
    let at = '';
    for (const q of qs) {
      const e = evidence.get(evidenceKey(q.pactVersionId, q.providerVersionId))!;
      if (!worst || rank[e.verdict] > rank[worst.verdict]) {
        worst = e;
        at = `${consumer} ${q.cv} → ${provider} ${q.pv}`;
      }
    }
    return {
      consumer,
      provider,
      state: worst!.verdict,
      evidence: worst!.evidence,
      detail: `${at}: ${worst!.verdict} (${worst!.evidence}) in ${env.name}`,
    };
  });
  const shown = hops;
  for (const d of yield* declaredEdges(env?.name, live))
    if (!shown || (shown.has(d.consumer) && shown.has(d.provider) && shown.get(d.consumer)! < shown.get(d.provider)!))
      edges.push({ ...d, declared: true });
  const deployed = new Set(live.map((l) => l.pacticipant));
  const nodes = ps.filter((p) => !keep || keep(p.id)).map((p) => ({ name: p.name, deployed: deployed.has(p.name) }));
  return { nodes, edges, environments: envs, hops, allNames: ps.map((p) => p.name) };
}

/** A pact with the comparison against one provider version's OpenAPI document (the one asked for, else the newest with a document). */
export function* pactPage(provider: string, consumer: string, version: string, providerVersion?: string) {
  const found = yield* pactForConsumerVersion(provider, consumer, version);
  const p = yield* pacticipantOr404(provider);
  const c = yield* pacticipantOr404(consumer);
  const contracts = yield* providerContractsOf(p.id);
  const withDocs = contracts.length
    ? yield* all<{ id: number; number: string }>(
        `SELECT id, number FROM versions WHERE id IN ${inList([...new Set(contracts.map((x) => x.provider_version_id))])} ORDER BY id DESC`,
        [...new Set(contracts.map((x) => x.provider_version_id))],
      )
    : [];
  let contract: ProviderContractRow | undefined;
  let chosen: string | undefined;
  if (providerVersion) {
    const { version: v } = yield* versionOr404(provider, providerVersion);
    contract = yield* latestProviderContract(v.id);
    chosen = providerVersion;
  } else if (withDocs[0]) {
    contract = yield* latestProviderContract(withDocs[0].id);
    chosen = withDocs[0].number;
  }
  const comparison: ComparisonRow | undefined = contract
    ? yield* findComparison(found.pactVersion.sha, contract.content_sha)
    : undefined;
  const otherVersions = (yield* publicationsForPair(c.id, p.id)).slice(0, 50).map((x) => x.consumer_version_number);
  return {
    found,
    contract,
    comparison,
    providerVersion: chosen,
    providerVersionsWithDocs: withDocs.map((v) => v.number),
    otherVersions,
  };
}

/** The consumer versions of a pair that published a pact (newest first), for the diff page's choices. */
export function* pactVersionsOfPair(provider: string, consumer: string): Program<string[]> {
  const p = yield* pacticipantOr404(provider);
  const c = yield* pacticipantOr404(consumer);
  return (yield* publicationsForPair(c.id, p.id)).slice(0, 100).map((x) => x.consumer_version_number);
}

export function* environmentNames(): Program<string[]> {
  return (yield* listEnvironments()).map((e) => e.name);
}
