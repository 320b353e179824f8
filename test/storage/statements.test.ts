import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { MAX_CACHED_PARAMS, MAX_STATEMENTS, StatementCache } from '../../broker/src/storage/sqlite/statements.ts';

/** SQLite's prepared-statement cache (one per connection): bounded by count and by placeholders (issue 15: memory). */
describe('SQLite prepared-statement cache', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  const inList = (n: number) => `SELECT ? IN (${Array(n).fill('?').join(', ')}) AS hit`;

  it('answers a repeated text with the statement it prepared', () => {
    const c = new StatementCache(db);
    assert.equal(c.prepare('SELECT 1'), c.prepare('SELECT 1'));
    assert.equal(c.prepare(inList(300)), c.prepare(inList(300)), 'a long IN list of a length seen before');
  });

  it('keeps at most MAX_STATEMENTS statements and MAX_CACHED_PARAMS placeholders, least recently used out first', () => {
    const c = new StatementCache(db);
    const first = c.prepare(inList(1));
    const two = c.prepare(inList(2));
    for (let n = 3; n <= 600; n++) {
      const stmt = c.prepare(inList(n));
      assert.equal((stmt.get(n, ...Array.from({ length: n }, (_, i) => i + 1)) as { hit: number }).hit, 1);
      c.prepare(inList(1)); // used all along: never the least recently used
      assert.ok(c.size <= MAX_STATEMENTS, `${c.size} statements kept`);
      assert.ok(c.cachedParams <= MAX_CACHED_PARAMS, `${c.cachedParams} placeholders kept`);
    }
    assert.equal(c.prepare(inList(1)), first, 'the statement in use stayed');
    assert.notEqual(c.prepare(inList(2)), two, 'a list not used since went, and is prepared again');
    for (let i = 0; i < MAX_STATEMENTS + 10; i++) c.prepare(`SELECT ${i}`);
    assert.equal(c.size, MAX_STATEMENTS);
  });

  it('prepares a statement with more placeholders than the whole budget without keeping it', () => {
    const c = new StatementCache(db);
    c.prepare('SELECT 1');
    const huge = inList(MAX_CACHED_PARAMS + 1);
    assert.notEqual(c.prepare(huge), c.prepare(huge));
    assert.equal(c.size, 1);
    assert.equal(c.cachedParams, 0);
  });
});
