/**
 * How the PostgreSQL store turns column values into JavaScript, so rows look the same as SQLite's.
 *
 * node-postgres returns int8 (COUNT(*), SUM of integers) and numeric (SUM of int8, AVG) as strings, because
 * not every such value fits a JavaScript number. Every int8 and numeric rollgate reads is a count, a sum of counts
 * or an id, far below 2^53 at any size the broker is built for, so they are parsed to numbers here, once, and no
 * caller converts. A value that a number cannot hold exactly (an integer above Number.MAX_SAFE_INTEGER) is an
 * error, never a silently rounded count or id: the read fails (a 500 naming the value) rather than answer wrong.
 * Fractional numerics (an AVG) become the nearest number, as SQLite's REAL does.
 *
 * Registered per pool (the `types` option), not on node-postgres' global table, so other pg users in the same
 * process (tests, tools) keep the library's defaults.
 */
import pg from 'pg';

const INT8 = pg.types.builtins.INT8;
const NUMERIC = pg.types.builtins.NUMERIC;

/** An integer from PostgreSQL text; RangeError when a JavaScript number cannot hold it exactly. */
export function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`PostgreSQL returned the integer ${text}, beyond what rollgate reads exactly (2^53 - 1)`);
  }
  return n;
}

/** A numeric from PostgreSQL text: integers as parseSafeInteger, fractions to the nearest number. */
export function parseNumeric(text: string): number {
  return /^-?\d+$/.test(text) ? parseSafeInteger(text) : Number(text);
}

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return parseSafeInteger;
    if (format !== 'binary' && oid === NUMERIC) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
