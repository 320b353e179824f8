/** Messages between ComparatorPool (pool.ts) and its workers (worker.ts). Plain data: they are structured-cloned. */
import type { Problem } from '../../errors.ts';
import type { SubsumptionResult } from '../../subsumption/index.ts';
import type { DiffResult } from '../../openapi-diff/types.ts';
import type { Verdict } from './types.ts';

export interface WorkerConfig {
  cacheEntries: number;
  cacheBytes: number;
  /** Nice value the worker thread gives itself (Linux), 0 for none. */
  niceness: number;
}

/**
 * Both inputs travel as JSON text: posting a string is a copy of bytes, while structured-cloning a
 * 1 MB document object blocked the pool's thread for ~100-200 ms. The worker parses the document
 * only when it has not compiled that hash already. A caller holding the stored text (the broker)
 * passes it as is: nothing is parsed or serialised on its thread.
 */
export interface CompareRequest {
  type: 'compare';
  id: number;
  pactText: string;
  documentText: string;
  documentHash: string;
}

/** Is pact A subsumed by pact B (both as JSON text)? Parsing and checking 300 interactions costs ~0.3 s. */
export interface SubsumeRequest {
  type: 'subsume';
  id: number;
  aText: string;
  bText: string;
}

/** What changed from one version of an OpenAPI document to another (contracts/openapi-diff), both as JSON or YAML text. */
export interface DiffRequest {
  type: 'diff';
  id: number;
  baseText: string;
  revisionText: string;
}

export type WorkerRequest = CompareRequest | SubsumeRequest | DiffRequest;

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'verdict'; id: number; verdict: Verdict }
  | { type: 'subsumption'; id: number; result: SubsumptionResult }
  | { type: 'changes'; id: number; result: DiffResult }
  /** A ContractError raised in the worker (a malformed pact). */
  | { type: 'refused'; id: number; problems: Problem[] }
  | { type: 'failed'; id: number; detail: string };
