/**
 * The integrations among an environment's units and the evidence on each, laid out flat: an integration's
 * (consumer version, provider version) pairs are consecutive slots of one array, so every lookup is an index.
 */
import { versionIdOf, type UnitModel } from './units.ts';
import type { EvidenceRow, PactRow } from './types.ts';

export interface Integration {
  consumer: number;
  provider: number;
  /** Consumer or provider is ignored: pairs reported as ignored, no clauses. */
  ignored: boolean;
  /** Per consumer version id: whether that version has a pact with the provider (no pact: no dependency). */
  pact: boolean[];
  /**
   * Where this integration's slots start: the slot of (cv, pv) is rowBase + cv * (provider's version count) + pv.
   * One flat array for all integrations keeps the number of objects (and so garbage-collection time) small.
   */
  rowBase: number;
}

/**
 * The integrations among the units, ordered by (consumer, provider): (c, p) when a version of c in play has a
 * pact with p. One pass over the pact rows keeps those of versions in play; two stable counting sorts (by
 * provider, then by consumer) order them, so there is no map or set per consumer version and no comparison sort.
 */
export function findIntegrations(
  units: readonly UnitModel[],
  byName: ReadonlyMap<string, number>,
  pacts: readonly PactRow[],
): Integration[] {
  // Sized once for every pact: arrays grown by push are copied at each growth, and past 128 KB every copy is a new
  // large object, which made this step grow faster than the number of pacts.
  const cs = new Int32Array(pacts.length);
  const ps = new Int32Array(pacts.length);
  const cvs = new Int32Array(pacts.length);
  let m = 0;
  // Pacts come grouped by consumer: look a name up only when it changes.
  let lastName: string | undefined;
  let lastId: number | undefined;
  for (const r of pacts) {
    if (r.consumer !== lastName) {
      lastName = r.consumer;
      lastId = byName.get(lastName);
    }
    const c = lastId;
    if (c === undefined) continue;
    const cv = versionIdOf(units[c], r.consumerVersion);
    if (cv === undefined) continue; // a version not in play: its pacts do not matter
    const p = byName.get(r.provider);
    if (p === undefined) continue; // a provider not deployed in the environment: no pair here
    cs[m] = c;
    ps[m] = p;
    cvs[m] = cv;
    m++;
  }
  const order = countingSort(cs, m, units.length, countingSort(ps, m, units.length, null));
  const out: Integration[] = [];
  let rowBase = 0;
  let integ: Integration | undefined;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const c = cs[i];
    const p = ps[i];
    if (integ === undefined || integ.consumer !== c || integ.provider !== p) {
      const width = units[c].versions.length;
      integ = {
        consumer: c,
        provider: p,
        ignored: units[c].ignored || units[p].ignored,
        pact: new Array<boolean>(width).fill(false),
        rowBase,
      };
      rowBase += width * units[p].versions.length;
      out.push(integ);
    }
    integ.pact[cvs[i]] = true;
  }
  return out;
}

/** Indices 0..n-1 (or `order`), stably reordered by keys[index], keys being in 0..size-1. */
function countingSort(keys: Int32Array, n: number, size: number, order: Int32Array | null): Int32Array {
  const start = new Int32Array(size + 1);
  for (let i = 0; i < n; i++) start[keys[i] + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = order === null ? j : order[j];
    out[start[keys[i]]++] = i;
  }
  return out;
}

/** The number of slots of all integrations together. */
export function slotCount(units: readonly UnitModel[], integrations: readonly Integration[]): number {
  const last = integrations[integrations.length - 1];
  return last === undefined
    ? 0
    : last.rowBase + units[last.consumer].versions.length * units[last.provider].versions.length;
}

export function slotOf(units: readonly UnitModel[], integ: Integration, cv: number, pv: number): number {
  return integ.rowBase + cv * units[integ.provider].versions.length + pv;
}

/**
 * The evidence on the slots. Each row is read once, here, and later code reads the `compatible` flags, touching a
 * row only to report its pair: re-reading verdicts while building clauses and warnings was most of the analysis.
 */
export interface EvidenceIndex {
  /** Per slot: index of its row in the evidence, -1 when there is none (unknown). A later row replaces an earlier one. */
  rowAt: Int32Array;
  /** Per slot: 1 when its row says compatible. */
  compatible: Uint8Array;
}

export function indexEvidence(
  units: readonly UnitModel[],
  byName: ReadonlyMap<string, number>,
  integrations: readonly Integration[],
  rows: readonly EvidenceRow[],
): EvidenceIndex {
  const size = slotCount(units, integrations);
  const rowAt = new Int32Array(size).fill(-1);
  const compatible = new Uint8Array(size);
  // Integrations are sorted by (consumer, provider): a consumer's are one run, integrations[first[c]..end[c]).
  const first = new Int32Array(units.length).fill(-1);
  const end = new Int32Array(units.length);
  for (let k = integrations.length - 1; k >= 0; k--) first[integrations[k].consumer] = k;
  for (let k = 0; k < integrations.length; k++) end[integrations[k].consumer] = k + 1;
  // Rows come grouped by integration (the broker fetches them in `requiredPairs` order): find the integration
  // only when the names change.
  let consumer: string | undefined;
  let provider: string | undefined;
  let integ: Integration | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.consumer !== consumer || row.provider !== provider) {
      consumer = row.consumer;
      provider = row.provider;
      const c = byName.get(consumer);
      const p = byName.get(provider);
      integ = c === undefined || p === undefined || first[c] < 0 ? undefined : find(integrations, first[c], end[c], p);
    }
    if (integ === undefined) continue;
    const cv = versionIdOf(units[integ.consumer], row.consumerVersion);
    const pv = versionIdOf(units[integ.provider], row.providerVersion);
    if (cv === undefined || pv === undefined) continue; // a version not in play: never read
    const slot = slotOf(units, integ, cv, pv);
    rowAt[slot] = i;
    compatible[slot] = row.verdict === 'compatible' ? 1 : 0;
  }
  return { rowAt, compatible };
}

/** The integration with provider p among integrations[from..to), which are sorted by provider: by halving. */
function find(integrations: readonly Integration[], from: number, to: number, p: number): Integration | undefined {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (integrations[mid].provider < p) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && integrations[lo].provider === p ? integrations[lo] : undefined;
}

/**
 * Visit every (consumer version, provider version) pair in play for an integration in state (a, b), by version
 * ids, with whether the rollback creates it (one of its endpoints moved) or it was in play before and stays.
 * Only pairs where the consumer version has a pact with the provider are visited. The hot loops of the analysis
 * inline this walk rather than call a closure per pair.
 */
export function visitPairs(
  units: readonly UnitModel[],
  integ: Integration,
  a: boolean,
  b: boolean,
  visit: (cv: number, pv: number, created: boolean) => void,
): void {
  const c = units[integ.consumer];
  const p = units[integ.provider];
  const cvs = a ? c.rolled : c.stay;
  const pvs = b ? p.rolled : p.stay;
  for (const cv of cvs) {
    if (!integ.pact[cv]) continue;
    const cMoved = a && c.moved[cv];
    for (const pv of pvs) visit(cv, pv, cMoved || (b && p.moved[pv]));
  }
}
