import type { Program } from './sql.ts';

/**
 * A read program a store may run in a reader thread (issue 15): a generator over closures cannot cross threads, so a
 * heavy read is registered by name. `module` is the URL of the module that exports it under `name` (pass
 * `import.meta.url`); the reader thread imports that module itself and runs `program(...args)` on its own read-only
 * connection. Both sides import the same module, so the program is the same code either way. Arguments and the
 * result cross threads by structured clone: plain data, arrays, Maps and Sets (no functions, no class instances that
 * need their prototype). Typed errors (errors.ts) keep their type.
 */
export interface NamedRead<A extends unknown[], T> {
  readonly module: string;
  readonly name: string;
  readonly program: (...args: A) => Program<T>;
  /**
   * Background work (a rollback-safety evaluation, a readiness job), not a request: it yields to requests for a
   * reader thread and never takes the last free one, so a request never waits behind it (storage/sqlite/reader-pool.ts).
   */
  readonly background?: boolean;
  /**
   * A read bounded by what one request names, a few milliseconds (a can-i-deploy: one version, its counterparts in one
   * environment). When every reader thread is busy it runs on the event loop instead of waiting in the queue, where
   * it would wait for the rest of some environment-wide read (storage/sqlite/sqlite-store.ts `readNamed`).
   */
  readonly small?: boolean;
  /**
   * PostgreSQL: the read's prepared statements run with their generic plan, planned once per connection
   * (`plan_cache_mode = force_generic_plan` for its transaction), not planned again for each request's values, which
   * PostgreSQL does when it finds the generic plan's estimate no better (0.3-0.5 ms a statement for the gate's
   * statements, a third of can-i-deploy's time there). Only for reads whose every statement's generic plan was
   * explained and uses the indexes (`npm run bench -- org --explain` on PostgreSQL: "full scans, generic plans").
   */
  readonly genericPlans?: boolean;
}

export function namedRead<A extends unknown[], T>(
  module: string,
  name: string,
  program: (...args: A) => Program<T>,
  opts: { background?: boolean; small?: boolean; genericPlans?: boolean } = {},
): NamedRead<A, T> {
  return {
    module,
    name,
    program,
    ...(opts.background ? { background: true } : {}),
    ...(opts.small ? { small: true } : {}),
    ...(opts.genericPlans ? { genericPlans: true } : {}),
  };
}

/** Whether a value exported by a module is a named read (the reader thread checks what it imported). */
export function isNamedRead(v: unknown): v is NamedRead<unknown[], unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { module?: unknown }).module === 'string' &&
    typeof (v as { name?: unknown }).name === 'string' &&
    typeof (v as { program?: unknown }).program === 'function'
  );
}
