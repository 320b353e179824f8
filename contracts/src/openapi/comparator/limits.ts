/** Default bounds, shared by the in-process adapter and the pool (which must not load the engine). */
export const DEFAULT_CACHE_ENTRIES = 16;
/** Summed JSON size of cached documents; their compiled schemas take several times this. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Per-worker heap: a cold compare of a 570 KB document with deep $ref chains peaked at ~550 MB. */
export const DEFAULT_WORKER_HEAP_MB = 1024;
/**
 * Per-worker young generation (V8's new space, 32 MB by default). A worker lives for the broker's life, so this is
 * resident memory whether it compares or not (issue 15); compiling a document promotes its schemas to the old
 * generation anyway, so a smaller nursery costs more frequent, shorter scavenges (not timed apart from the mixed load
 * of docs/benchmarks.md, where the backlog of comparisons moved with the machine's load, not with this).
 */
export const DEFAULT_WORKER_YOUNG_GENERATION_MB = 16;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Workers that die before they are ready, in a row, before the pool stops trying. */
export const MAX_START_FAILURES = 3;
/** Nice value of a worker thread: below the HTTP thread, so a busy machine serves requests first. */
export const DEFAULT_WORKER_NICENESS = 10;
