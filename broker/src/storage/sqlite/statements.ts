import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text, one cache per connection (the writer's and each reader thread's), least recently
 * used out first. Bounded twice:
 *
 * - by count: `IN (...)` lists make a new text for every list length, so an unbounded cache would grow for as long as
 *   the broker runs.
 * - by placeholders (issue 15): a prepared statement holds some 200 bytes of SQLite's memory per placeholder, and
 *   `allIn` sends up to 5,000 values at a time, so 500 texts of long IN lists came to 20-40 MB per connection at
 *   150,000 versions. Long lists do come back with the same length (the 300 services' current versions, say), and
 *   preparing one again costs about as much as running it: keeping none of them made the heavy reads 40-60% slower.
 */
export const MAX_STATEMENTS = 500;
/** Summed placeholders of the kept statements: some 4 MB of prepared statements per connection. */
export const MAX_CACHED_PARAMS = 20_000;

export class StatementCache {
  private readonly statements = new Map<string, { stmt: Database.Statement; params: number }>();
  private params = 0;

  constructor(private readonly db: Database.Database) {}

  get size(): number {
    return this.statements.size;
  }

  /** Summed placeholders of the kept statements. */
  get cachedParams(): number {
    return this.params;
  }

  prepare(sql: string): Database.Statement {
    const hit = this.statements.get(sql);
    if (hit) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.statements.delete(sql);
      this.statements.set(sql, hit);
      return hit.stmt;
    }
    const stmt = this.db.prepare(sql);
    const params = placeholders(sql);
    if (params > MAX_CACHED_PARAMS) return stmt;
    this.statements.set(sql, { stmt, params });
    this.params += params;
    for (const [key, e] of this.statements) {
      if (this.statements.size <= MAX_STATEMENTS && this.params <= MAX_CACHED_PARAMS) break;
      this.statements.delete(key);
      this.params -= e.params;
    }
    return stmt;
  }
}

/** `?` placeholders in a statement's text (an upper bound: a `?` inside a string literal counts too). */
function placeholders(sql: string): number {
  let n = 0;
  for (let i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) n++;
  return n;
}
