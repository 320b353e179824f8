/** The comparator's public face: callers import from here, never from the engine's files. */
export { ComparatorPool, PoolTaskError } from './pool.ts';
