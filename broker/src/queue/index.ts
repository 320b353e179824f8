/** The durable job queue: programs over the `jobs` table, and the process-local Worker that runs them. */
export * from './jobs.ts';
export * from './worker.ts';
