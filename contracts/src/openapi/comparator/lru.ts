/**
 * A small LRU bounded by entry count and by total weight (callers weigh a compiled comparator by its
 * document's size, the best cheap proxy for the memory its compiled schemas hold).
 */
export class Lru<V> {
  readonly #map = new Map<string, { value: V; weight: number }>();
  #weight = 0;
  constructor(
    readonly maxEntries: number,
    readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.#map.size;
  }

  /** The summed weight of the entries. */
  get weight(): number {
    return this.#weight;
  }

  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.#map.delete(key);
    this.#map.set(key, hit);
    return hit.value;
  }

  /** The value without marking it used. */
  peek(key: string): V | undefined {
    return this.#map.get(key)?.value;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  set(key: string, value: V, weight = 1): void {
    this.delete(key);
    this.#map.set(key, { value, weight });
    this.#weight += weight;
    // Evict least recently used first, but never the entry just added.
    for (const k of this.#map.keys()) {
      if (this.#map.size <= this.maxEntries && this.#weight <= this.maxWeight) break;
      if (k === key) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const hit = this.#map.get(key);
    if (!hit) return;
    this.#weight -= hit.weight;
    this.#map.delete(key);
  }

  keys(): string[] {
    return [...this.#map.keys()];
  }
}
