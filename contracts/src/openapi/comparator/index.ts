/** The comparator's public face: callers import from here, never from the engine's files. */
export { compare, InProcessComparator, type CompareOptions, type InProcessOptions } from './in-process.ts';
export { ComparatorPool, PoolTaskError, type PoolCompareOptions, type PoolOptions } from './pool.ts';
export { documentSetHash, toDocumentSet } from './documents.ts';
export type { DocumentSet, EngineInfo, Finding, FindingType, Verdict, VerdictResult } from './types.ts';
