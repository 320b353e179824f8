import type { Program } from '../../storage/sql.ts';
import type { Store } from '../../storage/port.ts';
import { writeCount } from '../../storage/write-counter.ts';

/**
 * The stamp of a cached can-i-rollback answer: the store's write counter (storage/write-counter.ts),
 * which every data-changing write bumps in its own transaction. Read inside the same snapshot as the
 * answer's data, so an answer is served again only while no write (an insert, a rename, an update in
 * place, a delete) has committed since; and valid across broker instances, since it lives in the
 * database. Highest ids and row counts, the stamp before, did not move on a rename or a name swap.
 */
export function* rollbackDataStamp(): Program<string> {
  return yield* writeCount();
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
