import core from './0001_core.ts';
import type { Migration } from './types.ts';

/** Every migration, in order. Add new ones at the end with the next number; never edit a released one. */
export const migrations: Migration[] = [core];
