import { get, type Program } from '../../storage/sql.ts';
import type { Store } from '../../storage/port.ts';

/**
 * A stamp of everything a can-i-rollback answer reads: the newest row of each append-only table it
 * depends on, how many deployments and releases are live (the only rows that change in place), and how
 * many environments and pacticipants exist (a deleted one must be a 400 again, not a cached answer).
 * Cheap (primary-key and partial-index lookups) and valid across broker instances, since it is read
 * from the database inside the same snapshot as the answer's data.
 */
export function* rollbackDataStamp(): Program<string> {
  const row = yield* get<Record<string, unknown>>(`SELECT
      (SELECT MAX(id) FROM deployed_versions) AS d, (SELECT COUNT(*) FROM deployed_versions WHERE undeployed_at IS NULL) AS dl,
      (SELECT MAX(id) FROM released_versions) AS r, (SELECT COUNT(*) FROM released_versions WHERE support_ended_at IS NULL) AS rl,
      (SELECT MAX(id) FROM pact_publications) AS p, (SELECT MAX(id) FROM verifications) AS v,
      (SELECT MAX(id) FROM subsumptions) AS s, (SELECT MAX(id) FROM comparisons) AS c,
      (SELECT MAX(id) FROM provider_contracts) AS pc, (SELECT MAX(id) FROM environments) AS e,
      (SELECT COUNT(*) FROM environments) AS ec, (SELECT COUNT(*) FROM pacticipants) AS pn`);
  return Object.values(row ?? {})
    .map((v) => String(v ?? '-'))
    .join(':');
}

/**
 * Answers already computed for unchanged data: repeated questions (a pipeline polling, the what-if page,
 * several services asking after one deployment) skip gathering and analysis. Bounded LRU per store.
 */
export class RollbackAnswerCache {
  private readonly entries = new Map<string, { stamp: string; answer: unknown }>();

  constructor(private readonly size = 64) {}

  get<T>(key: string, stamp: string): T | undefined {
    const e = this.entries.get(key);
    if (!e || e.stamp !== stamp) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.answer as T;
  }

  set(key: string, stamp: string, answer: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { stamp, answer });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

const caches = new WeakMap<Store, RollbackAnswerCache>();

export function answerCacheFor(store: Store): RollbackAnswerCache {
  let c = caches.get(store);
  if (!c) {
    c = new RollbackAnswerCache();
    caches.set(store, c);
  }
  return c;
}
