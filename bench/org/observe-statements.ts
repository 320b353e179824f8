import { currentRequestId } from '../../broker/src/context/request-context.ts';
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
    if (!id) return run(program);
    return run(function* () {
      const g = program();
      let input: unknown;
      let failed = false;
      for (;;) {
        const r = failed ? g.throw(input) : g.next(input);
        if (r.done) return r.value;
        const op = r.value as SqlOp;
        if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') seen(id, op);
        try {
          input = yield op;
          failed = false;
        } catch (e) {
          input = e;
          failed = true;
        }
      }
    });
  };
}
