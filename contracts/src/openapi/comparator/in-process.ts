/**
 * The adapter, run on the calling thread: guard rails around the engine and a cache of compiled
 * documents. The worker pool (pool.ts) runs this same class inside each worker; tests and the
 * offline CLI use it directly.
 */
import { parsePact } from '../../pact/parse.ts';
import { firstUnusableRegex } from '../../pact/regexes.ts';
import { documentSetHash, toDocumentSet } from './documents.ts';
import { DEFAULT_CACHE_BYTES, DEFAULT_CACHE_ENTRIES } from './limits.ts';
import { Lru } from './lru.ts';
import { opcEngine } from './opc-engine.ts';
import type { CompiledDocuments, ComparisonEngine, DocumentSet, Verdict } from './types.ts';
import { errorDetail, unknownVerdict, verdictOf } from './verdict.ts';

export interface CompareOptions {
  /** The document's content hash if the caller has it (loadOpenApi's contentHash), to skip hashing. */
  documentHash?: string;
}

export interface InProcessOptions {
  engine?: ComparisonEngine;
  /** Compiled documents kept (LRU). */
  cacheEntries?: number;
  /** Upper bound on the summed JSON size of cached documents; compiled schemas grow with it. */
  cacheBytes?: number;
}

export class InProcessComparator {
  readonly engine: ComparisonEngine;
  readonly #cache: Lru<CompiledDocuments>;

  constructor(options: InProcessOptions = {}) {
    this.engine = options.engine ?? opcEngine;
    this.#cache = new Lru(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES, options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** Hashes of the documents compiled and cached, most recently used last. */
  cachedDocuments(): string[] {
    return this.#cache.keys();
  }

  /**
   * Throws ContractError for a malformed pact and OpenApiDocumentError for something that is no
   * document at all (both 4xx). Everything the engine cannot do becomes an 'unknown' verdict.
   */
  async compare(pactJson: unknown, document: unknown, options: CompareOptions = {}): Promise<Verdict> {
    // The engine silently passes pacts it cannot read ({foo: 1} yields no findings): check shape first.
    const pact = parsePact(pactJson);
    const documents = toDocumentSet(document);
    const regex = firstUnusableRegex(pact);
    if (regex) return unknownVerdict(this.engine.info, 'pact.unusable-regex', regex);
    return this.#run(pact.raw, options.documentHash ?? documentSetHash(documents), () => documents);
  }

  /**
   * The same, for a caller that names the document by hash and can produce it on demand: the
   * document is only read (e.g. parsed from text) when it is not compiled and cached already.
   */
  async compareByHash(pactJson: unknown, documentHash: string, loadDocument: () => unknown): Promise<Verdict> {
    const pact = parsePact(pactJson);
    const regex = firstUnusableRegex(pact);
    if (regex) return unknownVerdict(this.engine.info, 'pact.unusable-regex', regex);
    return this.#run(pact.raw, documentHash, () => toDocumentSet(loadDocument()));
  }

  async #run(pact: Record<string, unknown>, hash: string, documents: () => DocumentSet): Promise<Verdict> {
    const info = this.engine.info;
    let compiled = this.#cache.get(hash);
    if (!compiled) {
      const set = documents();
      try {
        // A private copy: the engine rewrites the document it is given.
        const copy = structuredClone(set);
        const weight = JSON.stringify(copy).length;
        compiled = this.engine.compile(copy);
        this.#cache.set(hash, compiled, weight);
      } catch (err) {
        return unknownVerdict(info, 'engine.rejected-document', { detail: errorDetail(err) });
      }
    }
    try {
      return verdictOf(await compiled.compare(structuredClone(pact)), info);
    } catch (err) {
      // The compiled state may be half-built; do not serve the next pact from it.
      this.#cache.delete(hash);
      return unknownVerdict(info, 'engine.failed', { detail: errorDetail(err) });
    }
  }
}

let shared: InProcessComparator | undefined;

/** Compares on the calling thread with a process-wide cache. Servers should use ComparatorPool. */
export function compare(pactJson: unknown, document: unknown, options?: CompareOptions): Promise<Verdict> {
  shared ??= new InProcessComparator();
  return shared.compare(pactJson, document, options);
}
