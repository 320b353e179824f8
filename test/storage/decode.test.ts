/**
 * Rows are decoded where they leave the repositories: a row whose columns do not have the declared types fails
 * where it is read, naming the row type and the column, on either adapter.
 */
import assert from 'node:assert/strict';
import { flag, integer, nullable, oneOf, RowShapeError, rowType, text } from '../../broker/src/repositories/decode.ts';
import { findEnvironmentByName } from '../../broker/src/repositories/environments.ts';
import { listPacticipants } from '../../broker/src/repositories/pacticipants.ts';
import { run } from '../../broker/src/storage/sql.ts';
import { freshDatabase, storageAdapters, type FreshDatabase } from './support.ts';

describe('row decoders', () => {
  const rows = rowType<{ id: number; name: string; note: string | null; ok: number; kind: 'a' | 'b' }>('example', {
    id: integer,
    name: text,
    note: nullable(text),
    ok: flag,
    kind: oneOf('a', 'b'),
  });

  it('returns a row whose columns have the declared types, as it is (extra columns pass through)', () => {
    const row = { id: 1, name: 'x', note: null, ok: 1, kind: 'b', extra: true };
    assert.equal(rows.decode(row), row);
  });

  it('names the row type, the column, what it should be and what came back', () => {
    const bad = (row: object, message: RegExp) =>
      assert.throws(
        () => rows.decode({ id: 1, name: 'x', note: null, ok: 0, kind: 'a', ...row }),
        (e: unknown) => {
          assert.ok(e instanceof RowShapeError);
          assert.match(e.message, message);
          return true;
        },
      );
    bad({ id: '7' }, /example row: id should be an integer, but the database returned string "7"/);
    bad({ id: 2 ** 53 }, /id should be an integer/);
    bad({ name: null }, /name should be text, but the database returned object null/);
    bad({ note: 3 }, /note should be text or null/);
    bad({ ok: 2 }, /ok should be 0 or 1/);
    bad({ kind: 'c' }, /kind should be one of a, b/);
    bad({ name: undefined }, /name should be text, but the database returned nothing/);
    assert.throws(() => rows.decode(undefined), /should be an object/);
  });
});

for (const adapter of storageAdapters()) {
  describe(`row decoders on a repository read [${adapter}]`, () => {
    let db: FreshDatabase;
    beforeEach(async () => (db = await freshDatabase(adapter)));
    afterEach(async () => db.destroy());

    it('reads rows through the decoders, and a row of the wrong shape fails the read instead of flowing on', async () => {
      const store = await db.open();
      await store.write(function* () {
        yield* run('INSERT INTO pacticipants (name, created_at, updated_at) VALUES (?, ?, ?)', ['web', 'x', 'x']);
      });
      const page = await store.read(() => listPacticipants(10, 0));
      assert.equal(page.total, 1);
      assert.equal(page.rows[0]!.name, 'web');
      if (adapter !== 'sqlite') return;
      // SQLite keeps a value its column cannot convert: text in an INTEGER column is caught on read.
      await store.write(function* () {
        yield* run('INSERT INTO environments (uuid, name, production, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
          'u1',
          'production',
          'yes',
          'x',
          'x',
        ]);
      });
      await assert.rejects(
        store.read(() => findEnvironmentByName('production')),
        /environment row: production should be 0 or 1, but the database returned string "yes"/,
      );
    });
  });
}
