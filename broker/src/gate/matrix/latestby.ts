/**
 * `latestby`: which rows stay when several provider (or consumer) versions apply.
 *  - cvpv: one row per consumer version × provider version (every row already is one);
 *  - cvp: per consumer version and provider, only the newest provider version. For an environment destination
 *    it is treated as cvpv: several provider versions can be live there at once and each must be compatible
 *    (the Pact Broker made the same change for #903; older clients still send cvp);
 *  - cp: per consumer and provider, the newest consumer version, then the newest provider version;
 *  - absent: every row, and every verification its own row (the history: rows.ts).
 */
import type { Destination, LatestBy, MatrixRow } from './types.ts';

const newest = (rows: MatrixRow[], key: (r: MatrixRow) => string, order: (r: MatrixRow) => number): MatrixRow[] => {
  const best = new Map<string, number>();
  for (const r of rows) best.set(key(r), Math.max(best.get(key(r)) ?? -Infinity, order(r)));
  return rows.filter((r) => order(r) === best.get(key(r)));
};

const pv = (r: MatrixRow) => r.providerVersion?.id ?? 0;

export function applyLatestBy(
  rows: MatrixRow[],
  latestby: LatestBy | undefined,
  destination: Destination,
): MatrixRow[] {
  if (!latestby || latestby === 'cvpv') return rows;
  if (latestby === 'cvp') {
    if (destination.kind === 'environment') return rows;
    return newest(rows, (r) => `${r.consumerVersion.id}\u0000${r.provider}`, pv);
  }
  const byConsumer = newest(
    rows,
    (r) => `${r.consumer}\u0000${r.provider}`,
    (r) => r.consumerVersion.id,
  );
  return newest(byConsumer, (r) => `${r.consumer}\u0000${r.provider}`, pv);
}

/** `success[]`: which rows to list (true, false, or null for unknown). */
export function filterSuccess(rows: MatrixRow[], success: (boolean | null)[] | undefined): MatrixRow[] {
  if (!success?.length) return rows;
  const want = new Set(success);
  return rows.filter((r) => want.has(r.verdict === 'compatible' ? true : r.verdict === 'incompatible' ? false : null));
}
