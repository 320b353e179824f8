import type { Store } from '../../storage/port.ts';

/**
 * The stamp of a cached can-i-rollback answer is its environment's answer stamp (storage/answer-stamps.ts),
 * read inside the same snapshot as the answer's data: it moves with every write that can change that
 * environment's answers (a deployment there; a pact, verification or evidence of a version deployed or released
 * there) and with every write that did not say which environments it touches (a rename, a delete, ...), never
 * with a write scoped to other environments. It lives in the database, so it is valid across broker instances.
 *
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
