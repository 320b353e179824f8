/**
 * Rows are decoded, not cast, where they leave the repositories: each row type has a `rowType` that checks every
 * column the type declares (an integer is a safe integer, text is a string, a nullable column is that or null) and
 * only then hands the row on typed. Both adapters return the same JavaScript types (SQLite natively; PostgreSQL
 * through the type parsers of storage/postgres/type-parsers.ts), so no caller converts; a row that does not match
 * is a bug (a schema and its type disagree, an adapter changed), and it fails where it is read, naming the row type
 * and the column, instead of flowing on as a wrong type into an answer.
 *
 * Rows are checked in place, not copied: a read of thousands of rows pays a few comparisons per column, and columns
 * the type does not declare (a `SELECT *` of a wider table) pass through untouched.
 */
import { all, allIn, get, type Program, type SqlParam, type SqlText } from '../storage/sql.ts';

/** How to check one column's value, and what it should have been (for the error). */
export interface Column<T> {
  readonly expected: string;
  is(value: unknown): value is T;
}

export const integer: Column<number> = {
  expected: 'an integer',
  is: (v): v is number => Number.isSafeInteger(v),
};

export const text: Column<string> = {
  expected: 'text',
  is: (v): v is string => typeof v === 'string',
};

/** A 0/1 column (SQLite has no boolean; PostgreSQL's columns are INTEGER for the same SQL). */
export const flag: Column<number> = {
  expected: '0 or 1',
  is: (v): v is number => v === 0 || v === 1,
};

export function nullable<T>(column: Column<T>): Column<T | null> {
  return { expected: `${column.expected} or null`, is: (v): v is T | null => v === null || column.is(v) };
}

export function oneOf<const T extends string>(...values: T[]): Column<T> {
  const allowed = new Set<unknown>(values);
  return { expected: `one of ${values.join(', ')}`, is: (v): v is T => allowed.has(v) };
}

/** A row that does not have the shape its type declares. */
export class RowShapeError extends Error {
  constructor(rowType: string, column: string, expected: string, value: unknown) {
    const got = value === undefined ? 'nothing' : `${typeof value} ${JSON.stringify(value)?.slice(0, 80)}`;
    super(`${rowType} row: ${column} should be ${expected}, but the database returned ${got}`);
    this.name = 'RowShapeError';
  }
}

type Columns<T> = { [K in keyof T]-?: Column<T[K]> };

export interface RowType<T> {
  /** The column checks, for a row type that extends this one (a join adding columns). */
  readonly columns: Columns<T>;
  /** Checks one row and returns it typed; throws RowShapeError. */
  decode(row: unknown): T;
  /** Checks rows read some other way (storage/sql.ts `allEach`) and returns them typed. */
  decodeAll(rows: unknown[]): T[];
  all(sql: SqlText, params?: SqlParam[]): Program<T[]>;
  get(sql: SqlText, params?: SqlParam[]): Program<T | undefined>;
  /** `allIn` (storage/sql.ts) over a list of any length, each row decoded. */
  allIn(
    values: readonly SqlParam[],
    query: (placeholders: string, chunk: SqlParam[]) => [SqlText, SqlParam[]],
  ): Program<T[]>;
}

/** The decoder of one row type, with the read programs that use it. `name` is what errors call the row. */
export function rowType<T extends object>(name: string, columns: Columns<T>): RowType<T> {
  const checks = Object.entries(columns) as [string, Column<unknown>][];
  const decode = (row: unknown): T => {
    if (typeof row !== 'object' || row === null) throw new RowShapeError(name, '(row)', 'an object', row);
    const r = row as Record<string, unknown>;
    for (const [column, c] of checks)
      if (!c.is(r[column])) throw new RowShapeError(name, column, c.expected, r[column]);
    return row as T;
  };
  const decodeAll = (rows: unknown[]): T[] => {
    for (const r of rows) decode(r);
    return rows as T[];
  };
  return {
    columns,
    decode,
    decodeAll,
    *all(sql, params) {
      return decodeAll(yield* all<unknown>(sql, params));
    },
    *get(sql, params) {
      const row = yield* get<unknown>(sql, params);
      return row === undefined ? undefined : decode(row);
    },
    *allIn(values, query) {
      return decodeAll(yield* allIn<unknown>(values, query));
    },
  };
}

/** `SELECT COUNT(*) AS n ...` */
export const countRow = rowType<{ n: number }>('count', { n: integer });
