import { Lru } from '../../../../contracts/src/openapi/comparator/lru.ts';
import type { Store } from '../../storage/port.ts';

/** Answers kept per store: a pipeline per service polling one-target questions, the environments' any-subset answers. */
export const ANSWER_CACHE_ENTRIES = 64;
/**
 * Their summed size, as JSON text (an answer object takes some 2-3 times that on the heap). An any-subset answer at
 * 300 services is ~4 MB of JSON, a one-target answer ~110 KB: 24 MB keeps six any-subset answers, or all 64 one-target
 * ones, which is every repeated question of the mixed load (docs/benchmarks.md), for at most ~70 MB of heap.
 */
export const ANSWER_CACHE_BYTES = 24 * 1024 * 1024;

/**
 * The stamp of a cached can-i-rollback answer is its environment's answer stamp (storage/answer-stamps.ts),
 * read inside the same snapshot as the answer's data: it moves with every write that can change that
 * environment's answers (a deployment there; a pact, verification or evidence of a version deployed or released
 * there) and with every write that did not say which environments it touches (a rename, a delete, ...), never
 * with a write scoped to other environments. It lives in the database, so it is valid across broker instances.
 *
 * Answers already computed for unchanged data: repeated questions (a pipeline polling, the what-if page,
 * several services asking after one deployment) skip gathering and analysis. An LRU per store, bounded by count and
 * by size (issue 15): an entry stays until pushed out, even once its stamp has moved on.
 */
export class RollbackAnswerCache {
  private readonly entries: Lru<{ stamp: string; answer: unknown }>;

  constructor(
    size = ANSWER_CACHE_ENTRIES,
    private readonly maxBytes = ANSWER_CACHE_BYTES,
  ) {
    this.entries = new Lru(size, maxBytes);
  }

  /** Summed size of the cached answers (their JSON length), for the test that holds the bound. */
  get cachedBytes(): number {
    return this.entries.weight;
  }

  get<T>(key: string, stamp: string): T | undefined {
    const e = this.entries.peek(key);
    if (!e || e.stamp !== stamp) return undefined;
    return this.entries.get(key)!.answer as T;
  }

  /** Whether this very answer object is cached (what is made from it, its JSON, may be kept as long). */
  holds(answer: unknown): boolean {
    return this.entries.keys().some((k) => this.entries.peek(k)?.answer === answer);
  }

  /** Caches `answer` (of `bytes` as JSON); one larger than the whole budget is not kept. */
  set(key: string, stamp: string, answer: unknown, bytes: number): void {
    this.entries.delete(key);
    if (bytes <= this.maxBytes) this.entries.set(key, { stamp, answer }, bytes);
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
