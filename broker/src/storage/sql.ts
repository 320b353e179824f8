/**
 * Storage programs: repository code is written once as generator functions that yield SQL operations.
 * A store runs a program inside one transaction: the SQLite store drives it synchronously inside a
 * better-sqlite3 transaction (no await, so concurrent requests never interleave inside it); the
 * PostgreSQL store drives it with awaits on one pooled connection between BEGIN and COMMIT.
 *
 * SQL is written with `?` placeholders; the PostgreSQL store rewrites them to `$n`. Where the two
 * dialects really differ, an operation carries both texts.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlText = string | { sqlite: string; postgres: string };

export type SqlParam = string | number | null;

export type SqlOp =
  | { kind: 'all'; sql: SqlText; params: SqlParam[] }
  | { kind: 'get'; sql: SqlText; params: SqlParam[] }
  | { kind: 'run'; sql: SqlText; params: SqlParam[] }
  | { kind: 'dialect' };

export interface RunResult {
  changes: number;
}

export type Program<T> = Generator<SqlOp, T, unknown>;

export type Row = Record<string, unknown>;

export function* all<T = Row>(sql: SqlText, params: SqlParam[] = []): Program<T[]> {
  return (yield { kind: 'all', sql, params }) as T[];
}

export function* get<T = Row>(sql: SqlText, params: SqlParam[] = []): Program<T | undefined> {
  return (yield { kind: 'get', sql, params }) as T | undefined;
}

export function* run(sql: SqlText, params: SqlParam[] = []): Program<RunResult> {
  return (yield { kind: 'run', sql, params }) as RunResult;
}

export function* dialect(): Program<Dialect> {
  return (yield { kind: 'dialect' }) as Dialect;
}

export function sqlFor(text: SqlText, d: Dialect): string {
  return typeof text === 'string' ? text : text[d];
}

/** `IN (?, ?, ?)` for a list; an empty list matches nothing. */
export function inList(values: readonly SqlParam[]): string {
  return values.length ? `(${values.map(() => '?').join(',')})` : '(NULL)';
}
