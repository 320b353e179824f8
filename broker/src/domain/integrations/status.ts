/**
 * The overview's integrations (issue 19): every consumer -> provider integration with its state in each environment
 * (the worst of its live pairs there), filtered by consumer, provider, label and state, sorted and paged. Reads grow
 * with the integrations and what runs in the environments, never with history; only one page is returned.
 */
import type { EvidenceKind } from '../evidence/resolve.ts';
import { environmentByNameOr400 } from '../lookup.ts';
import { listEnvironments } from '../../repositories/environments.ts';
import { integrationPairs } from '../../repositories/pacts.ts';
import { all, type Program } from '../../storage/sql.ts';
import { livePairsIn } from './live-pairs.ts';

export type IntegrationState = 'incompatible' | 'unknown' | 'compatible' | 'not-deployed';
export const INTEGRATION_STATES: readonly IntegrationState[] = [
  'incompatible',
  'unknown',
  'compatible',
  'not-deployed',
];
export const INTEGRATION_SORTS = ['state', 'consumer', 'provider'] as const;
export type IntegrationSort = (typeof INTEGRATION_SORTS)[number];

export interface IntegrationFilters {
  /** Part of the consumer's (provider's) name, any case. */
  consumer?: string;
  provider?: string;
  /** A label of the consumer or the provider. */
  label?: string;
  /** The state in `environment`, or in any environment when none is given. */
  state?: IntegrationState;
  environment?: string;
  /** `state`: worst first (in `environment`, else the worst of every environment), then consumer, provider. */
  sort: IntegrationSort;
  page: number;
  size: number;
}

export interface IntegrationCell {
  state: IntegrationState;
  evidence: EvidenceKind | 'declared' | null;
  /** Live pairs of the integration in the environment (several with several instances). */
  pairs: number;
}

export interface IntegrationStatusRow {
  consumer: string;
  provider: string;
  /** By environment name, in the order of `environments`. */
  states: Record<string, IntegrationCell>;
}

export interface IntegrationStatus {
  environments: string[];
  labels: string[];
  /** Every integration, and those matching the filters. */
  integrations: number;
  total: number;
  /** Matching integrations in each state (in `environment`, else their worst), before paging. */
  counts: Record<IntegrationState, number>;
  rows: IntegrationStatusRow[];
  page: number;
  size: number;
}

const RANK: Record<IntegrationState, number> = { incompatible: 0, unknown: 1, compatible: 2, 'not-deployed': 3 };
const NOT_DEPLOYED: IntegrationCell = { state: 'not-deployed', evidence: null, pairs: 0 };

export function* integrationStatus(f: IntegrationFilters): Program<IntegrationStatus> {
  const envs = yield* listEnvironments();
  const chosen = f.environment ? yield* environmentByNameOr400(f.environment) : undefined;
  const names = new Map(
    (yield* all<{ id: number; name: string }>('SELECT id, name FROM pacticipants')).map((p) => [p.id, p.name]),
  );
  const labelRows = yield* all<{ pacticipant_id: number; name: string }>('SELECT pacticipant_id, name FROM labels');
  const labelled = f.label
    ? new Set(labelRows.filter((l) => l.name === f.label).map((l) => l.pacticipant_id))
    : undefined;
  const consumerPart = f.consumer?.toLowerCase();
  const providerPart = f.provider?.toLowerCase();
  const every = yield* integrationPairs();
  const ints = every.filter(
    (i) =>
      (!consumerPart || (names.get(i.consumer_id) ?? '').toLowerCase().includes(consumerPart)) &&
      (!providerPart || (names.get(i.provider_id) ?? '').toLowerCase().includes(providerPart)) &&
      (!labelled || labelled.has(i.consumer_id) || labelled.has(i.provider_id)),
  );
  // The worst live pair of each integration in each environment.
  const live = yield* livePairsIn(envs.map((e) => e.id));
  const cells = new Map<string, Map<number, IntegrationCell>>();
  for (const [envId, pairs] of live)
    for (const p of pairs) {
      const k = `${p.consumerId}:${p.providerId}`;
      let byEnv = cells.get(k);
      if (!byEnv) {
        byEnv = new Map();
        cells.set(k, byEnv);
      }
      const seen = byEnv.get(envId);
      if (!seen) byEnv.set(envId, { state: p.verdict, evidence: p.evidence, pairs: 1 });
      else {
        seen.pairs++;
        if (RANK[p.verdict] < RANK[seen.state]) {
          seen.state = p.verdict;
          seen.evidence = p.evidence;
        }
      }
    }
  const cellOf = (k: string, envId: number) => cells.get(k)?.get(envId) ?? NOT_DEPLOYED;
  const rows = ints.map((i) => {
    const k = `${i.consumer_id}:${i.provider_id}`;
    const byEnv = envs.map((e) => cellOf(k, e.id));
    const key: IntegrationState = chosen
      ? cellOf(k, chosen.id).state
      : byEnv.reduce<IntegrationState>((w, c) => (RANK[c.state] < RANK[w] ? c.state : w), 'not-deployed');
    return {
      consumer: names.get(i.consumer_id) ?? '?',
      provider: names.get(i.provider_id) ?? '?',
      byEnv,
      key,
      any: new Set(byEnv.map((c) => c.state)),
    };
  });
  const matching = rows.filter((r) => !f.state || (chosen ? r.key === f.state : r.any.has(f.state)));
  const counts: Record<IntegrationState, number> = { incompatible: 0, unknown: 0, compatible: 0, 'not-deployed': 0 };
  for (const r of matching) counts[r.key]++;
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  matching.sort((a, b) =>
    f.sort === 'provider'
      ? byName(a.provider, b.provider) || byName(a.consumer, b.consumer)
      : f.sort === 'consumer'
        ? byName(a.consumer, b.consumer) || byName(a.provider, b.provider)
        : RANK[a.key] - RANK[b.key] || byName(a.consumer, b.consumer) || byName(a.provider, b.provider),
  );
  return {
    environments: envs.map((e) => e.name),
    labels: [...new Set(labelRows.map((l) => l.name))].sort(byName),
    integrations: every.length,
    total: matching.length,
    counts,
    rows: matching.slice((f.page - 1) * f.size, f.page * f.size).map((r) => ({
      consumer: r.consumer,
      provider: r.provider,
      states: Object.fromEntries(envs.map((e, i) => [e.name, r.byEnv[i]!])),
    })),
    page: f.page,
    size: f.size,
  };
}
