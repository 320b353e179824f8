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
  private readonly entries = new Map<string, { stamp: string; answer: unknown; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly size = ANSWER_CACHE_ENTRIES,
    private readonly maxBytes = ANSWER_CACHE_BYTES,
  ) {}

  /** Summed size of the cached answers (their JSON length), for the test that holds the bound. */
  get cachedBytes(): number {
    return this.bytes;
  }

  get<T>(key: string, stamp: string): T | undefined {
    const e = this.entries.get(key);
    if (!e || e.stamp !== stamp) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.answer as T;
  }

  /** Whether this very answer object is cached (what is made from it, its JSON, may be kept as long). */
  holds(answer: unknown): boolean {
    for (const e of this.entries.values()) if (e.answer === answer) return true;
    return false;
  }

  /** Caches `answer` (of `bytes` as JSON); one larger than the whole budget is not kept. */
  set(key: string, stamp: string, answer: unknown, bytes: number): void {
    this.remove(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { stamp, answer, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.size || this.bytes > this.maxBytes) this.remove(this.entries.keys().next().value!);
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
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
