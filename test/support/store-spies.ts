import type { Store } from '../../broker/src/storage/port.ts';
import type { Program, SqlOp } from '../../broker/src/storage/sql.ts';

/** A statement a program runs (not a dialect question, an after-commit hook or an answer scope). */
export type StatementOp = Extract<SqlOp, { kind: 'all' | 'get' | 'run' }>;

/** Runs `program` unchanged, telling `seen` each statement it runs (to count them, or to see which ran where). */
export function* observed<T>(program: Program<T>, seen: (op: StatementOp) => void): Program<T> {
  let step = program.next();
  while (!step.done) {
    const op = step.value;
    if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') seen(op);
    step = program.next(yield op);
  }
  return step.value;
}

/** A store that does what `store` does, but for the methods given (a test's recording `write` or `readNamed`). */
export function delegatingStore(store: Store, overrides: Partial<Pick<Store, 'write' | 'readNamed'>>): Store {
  return {
    dialect: store.dialect,
    read: (p) => store.read(p),
    readNamed: overrides.readNamed ?? ((op, ...args) => store.readNamed(op, ...args)),
    readEverywhere: (op, ...args) => store.readEverywhere(op, ...args),
    write: overrides.write ?? ((program, options) => store.write(program, options)),
    ping: () => store.ping(),
    close: () => store.close(),
    describe: () => store.describe(),
  };
}

/**
 * Records the name of every named read asked of `store` from now on, in place (a running broker keeps its store), until
 * `restore()`.
 */
export function spyNamedReads(store: Store): { names: string[]; restore(): void } {
  const readNamed = store.readNamed;
  const bound = readNamed.bind(store);
  const names: string[] = [];
  store.readNamed = ((op, ...args) => {
    names.push(op.name);
    return bound(op, ...args);
  }) as Store['readNamed'];
  return {
    names,
    restore() {
      store.readNamed = readNamed;
    },
  };
}

/** The names of the named reads asked of `store` while `during` runs (and its result). */
export async function namedReadsDuring<T>(
  store: Store,
  during: () => Promise<T>,
): Promise<{ names: string[]; result: T }> {
  const spy = spyNamedReads(store);
  try {
    return { result: await during(), names: spy.names };
  } finally {
    spy.restore();
  }
}
