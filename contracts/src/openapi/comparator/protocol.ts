/** Messages between ComparatorPool (pool.ts) and its workers (worker.ts). Plain data: they are structured-cloned. */
import type { Problem } from '../../errors.ts';
import type { Verdict } from './types.ts';

export interface WorkerConfig {
  cacheEntries: number;
  cacheBytes: number;
}

/**
 * Both inputs travel as JSON text: posting a string is a copy of bytes, while structured-cloning a
 * 1 MB document object blocked the pool's thread for ~100-200 ms. The worker parses the document
 * only when it has not compiled that hash already.
 */
export interface CompareRequest {
  id: number;
  pactText: string;
  documentText: string;
  documentHash: string;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'verdict'; id: number; verdict: Verdict }
  /** A ContractError raised in the worker (the pool validates first, so this is a safety net). */
  | { type: 'refused'; id: number; problems: Problem[] }
  | { type: 'failed'; id: number; detail: string };
