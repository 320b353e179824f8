/**
 * The evidence gaps of an environment (issue 19): its live pairs that are incompatible, then those with no evidence
 * (unknown), grouped by provider with counts, filtered and paged, each with when a verification was last requested.
 * Reads grow with what runs in the environment; the verification requests are read for the rows returned only.
 */
import { evidenceKey, type EvidenceKind } from '../evidence/resolve.ts';
import { environmentByNameOr404 } from '../lookup.ts';
import type { Program } from '../../storage/sql.ts';
import { livePairs, verificationRequestTimes } from './live-pairs.ts';

export type GapState = 'incompatible' | 'unknown';
export const GAP_STATES: readonly GapState[] = ['incompatible', 'unknown'];

export interface GapFilters {
  provider?: string;
  consumer?: string;
  state?: GapState;
  /** 1-based page of `size` rows; `size: 0` returns every row (the export). */
  page: number;
  size: number;
}

export interface GapRow {
  state: GapState;
  evidence: EvidenceKind | 'declared';
  /** False for a pair made by a declared requirement alone (no pact to show). */
  hasPact: boolean;
  provider: string;
  providerVersion: string;
  consumer: string;
  consumerVersion: string;
  /** When rollgate last asked the provider's pipeline for this verification, or null. */
  verificationRequestedAt: string | null;
}

export interface GapGroup {
  state: GapState;
  provider: string;
  /** Rows of this provider in this state under the filters (on every page, not only this one). */
  count: number;
}

export interface EvidenceGaps {
  environment: string;
  /** Live pairs in the environment, and how many of them are gaps in each state (before the filters). */
  livePairs: number;
  counts: Record<GapState, number>;
  /** Rows matching the filters, and the groups they fall in (incompatible first, then by provider). */
  total: number;
  groups: GapGroup[];
  rows: GapRow[];
  page: number;
  size: number;
  /** Names for the filters: providers and consumers with a gap. */
  providers: string[];
  consumers: string[];
}

const STATE_RANK: Record<GapState, number> = { incompatible: 0, unknown: 1 };

export function* evidenceGaps(environment: string, f: GapFilters): Program<EvidenceGaps> {
  const env = yield* environmentByNameOr404(environment);
  const pairs = yield* livePairs(env.id);
  const gaps = pairs.filter((p) => p.verdict !== 'compatible') as ((typeof pairs)[number] & { verdict: GapState })[];
  gaps.sort(
    (a, b) =>
      STATE_RANK[a.verdict] - STATE_RANK[b.verdict] ||
      cmp(a.provider, b.provider) ||
      cmp(a.consumer, b.consumer) ||
      cmp(a.consumerVersion, b.consumerVersion) ||
      cmp(a.providerVersion, b.providerVersion),
  );
  const counts: Record<GapState, number> = { incompatible: 0, unknown: 0 };
  for (const g of gaps) counts[g.verdict]++;
  const matching = gaps.filter(
    (g) =>
      (!f.provider || g.provider === f.provider) &&
      (!f.consumer || g.consumer === f.consumer) &&
      (!f.state || g.verdict === f.state),
  );
  const groups: GapGroup[] = [];
  for (const g of matching) {
    const last = groups[groups.length - 1];
    if (last && last.state === g.verdict && last.provider === g.provider) last.count++;
    else groups.push({ state: g.verdict, provider: g.provider, count: 1 });
  }
  const shown = f.size > 0 ? matching.slice((f.page - 1) * f.size, f.page * f.size) : matching;
  const requested = yield* verificationRequestTimes(shown);
  return {
    environment: env.name,
    livePairs: pairs.length,
    counts,
    total: matching.length,
    groups,
    rows: shown.map((g) => ({
      state: g.verdict,
      evidence: g.evidence,
      hasPact: g.pactVersionId !== null,
      provider: g.provider,
      providerVersion: g.providerVersion,
      consumer: g.consumer,
      consumerVersion: g.consumerVersion,
      verificationRequestedAt:
        g.pactVersionId === null ? null : (requested.get(evidenceKey(g.pactVersionId, g.providerVersionId)) ?? null),
    })),
    page: f.page,
    size: f.size,
    providers: [...new Set(gaps.map((g) => g.provider))].sort(cmp),
    consumers: [...new Set(gaps.map((g) => g.consumer))].sort(cmp),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
