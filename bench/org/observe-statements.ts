import { currentRequestId } from '../../broker/src/context/request-context.ts';
import type { NamedRead } from '../../broker/src/storage/named-read.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import type { Program, SqlOp } from '../../broker/src/storage/sql.ts';

type Run = <T>(program: () => Program<T>) => Promise<T>;
/** A statement a program runs (not a dialect question or an after-commit hook). */
export type StatementOp = Extract<SqlOp, { kind: 'all' | 'get' | 'run' }>;

/**
 * Wraps a store's `read` or `write` (bound) so that each SQL statement a request's program runs is reported with the
 * request's id: the benches count statements per request and capture them for EXPLAIN. Programs run outside a request
 * (background work) are not reported. The program sees every answer and error as it would unwrapped.
 */
export function observingStatements(run: Run, seen: (requestId: string, op: StatementOp) => void): Run {
  return <T>(program: () => Program<T>): Promise<T> => {
    const id = currentRequestId();
    return id ? run(() => observed(program(), (op) => seen(id, op))) : run(program);
  };
}

/**
 * The same for a store's `readNamed` (bound): a named read the store runs in process (PostgreSQL, or SQLite without
 * reader threads) is reported; one it runs in a reader thread runs there as registered, unseen.
 */
export function observingNamedReads(
  readNamed: Store['readNamed'],
  seen: (requestId: string, op: StatementOp) => void,
): Store['readNamed'] {
  return <A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T> => {
    const id = currentRequestId();
    if (!id) return readNamed(op, ...args);
    return readNamed({ ...op, program: (...a: A) => observed(op.program(...a), (s) => seen(id, s)) }, ...args);
  };
}

/** Runs a program's steps as they are, reporting each SQL statement; every answer and error reaches it unchanged. */
function* observed<T>(g: Program<T>, seen: (op: StatementOp) => void): Program<T> {
  let input: unknown;
  let failed = false;
  for (;;) {
    const r = failed ? g.throw(input) : g.next(input);
    if (r.done) return r.value;
    const op = r.value as SqlOp;
    if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') seen(op);
    try {
      input = yield op;
      failed = false;
    } catch (e) {
      input = e;
      failed = true;
    }
  }
}
