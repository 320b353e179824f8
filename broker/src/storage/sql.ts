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
  | { kind: 'dialect' }
  | { kind: 'afterCommit'; fn: () => void }
  | { kind: 'answerScope' }
  | { kind: 'memo' };

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

/**
 * Runs `fn` once the transaction this program runs in has committed (never when it rolls back; once
 * when a PostgreSQL retry re-ran the program). For in-process notifications only (waking the outbox
 * dispatcher): anything that must survive a crash is a row written in the transaction instead.
 */
export function* afterCommit(fn: () => void): Program<void> {
  yield { kind: 'afterCommit', fn };
}

/**
 * Declares that this write transaction said which environments' cached answers it can change (it wrote
 * their answer stamps: storage/answer-stamps.ts), so the store does not bump the unscoped stamp that
 * invalidates every cached answer. The write counter is bumped as for any write.
 */
export function* declareAnswerScope(): Program<void> {
  yield { kind: 'answerScope' };
}

/**
 * What the store running this program keeps between programs for one purpose (`key`): a map that lives as long as
 * the store (or the reader thread) does. For data derived from reads that the program itself revalidates, in its own
 * snapshot, before it uses any of it (domain/rollback/world-memo.ts); nothing here is shared between stores.
 */
export function* storeMemo<T>(key: string): Program<Map<string, T>> {
  const memos = (yield { kind: 'memo' }) as Map<string, Map<string, unknown>>;
  let m = memos.get(key);
  if (!m) {
    m = new Map();
    memos.set(key, m);
  }
  return m as Map<string, T>;
}

/** The store memo of `whenIdle` programs, by key. */
export const IDLE_PROGRAMS = 'idle-programs';

/**
 * Asks the reader thread running this program to run `program` again and again while it has no read to run (each in
 * its own read transaction, about once a second, until `program` returns false), to keep what it keeps in its memo
 * (`storeMemo`) up to date between questions. One program per `key`: a later one replaces it. Only reader threads
 * run them (storage/sqlite/reader-worker.ts); elsewhere what is kept is brought up to date by the next question.
 */
export function* whenIdle(key: string, program: () => Program<boolean>): Program<void> {
  (yield* storeMemo<() => Program<boolean>>(IDLE_PROGRAMS)).set(key, program);
}

export function sqlFor(text: SqlText, d: Dialect): string {
  return typeof text === 'string' ? text : text[d];
}

/** `IN (?, ?, ?)` for a list; an empty list matches nothing. */
export function inList(values: readonly SqlParam[]): string {
  return values.length ? `(${values.map(() => '?').join(',')})` : '(NULL)';
}

/** Values per IN list: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, with room for others. */
export const IN_CHUNK = 5000;

/**
 * `all` over a list of any length: runs `query` once per chunk of `values` (each with its own `IN (...)`)
 * and concatenates the rows. Callers that need an order across chunks sort the result themselves.
 */
export function* allIn<T = Row>(
  values: readonly SqlParam[],
  query: (placeholders: string, chunk: SqlParam[]) => [SqlText, SqlParam[]],
): Program<T[]> {
  const unique = [...new Set(values)];
  if (!unique.length) return [];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const chunk = unique.slice(i, i + IN_CHUNK);
    const [sql, params] = query(inList(chunk), chunk);
    out.push(...(yield* all<T>(sql, params)));
  }
  return out;
}

/**
 * Runs a whole write transaction at READ COMMITTED on PostgreSQL (the store's default is REPEATABLE
 * READ). For background bookkeeping whose safety comes from row locks (`FOR UPDATE SKIP LOCKED`) and
 * idempotent inserts, not from a snapshot: under REPEATABLE READ, instances claiming and settling rows
 * at once abort each other. The isolation level can be set only before the first query, so this wraps
 * a whole program passed to `store.write`, never part of one. SQLite's write transaction is serial anyway.
 */
export function* readCommitted<T>(program: Program<T>): Program<T> {
  if ((yield* dialect()) === 'postgres') yield* run('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
  return yield* program;
}

/**
 * Several independent SELECTs, each one's rows in order. On PostgreSQL one statement (each query's rows gathered
 * by `json_agg` in a subquery of one SELECT), so one round trip instead of one per query: a read's round trips are
 * what it costs there beyond its work, and on a busy machine each waits for the database's process to be
 * scheduled. On SQLite (in process) the queries run one after the other. Columns come back as the JSON types:
 * integers and text as the driver returns them (every column rollgate batches is INTEGER, TEXT or NULL). A
 * query's ORDER BY is kept (the aggregate reads its subquery in order).
 */
export function* allEach(queries: readonly (readonly [SqlText, SqlParam[]])[]): Program<Row[][]> {
  if ((yield* dialect()) === 'sqlite' || queries.length < 2) {
    const out: Row[][] = [];
    for (const [sql, params] of queries) out.push(yield* all(sql, params));
    return out;
  }
  const columns = queries.map(
    ([sql], i) => `(SELECT COALESCE(json_agg(q${i}), '[]'::json) FROM (${sqlFor(sql, 'postgres')}) q${i}) AS r${i}`,
  );
  const row = (yield* get<Record<string, Row[]>>(
    `SELECT ${columns.join(', ')}`,
    queries.flatMap(([, params]) => params),
  ))!;
  return queries.map((_, i) => row[`r${i}`]);
}
