import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/support.ts';
import { freshDatabaseLocation, startTestBroker, type Adapter, type TestBroker } from '../support/test-broker.ts';
import { buildHistory, gateAnswers } from './history.ts';

/**
 * `rollgate export` and `rollgate import`: the whole broker as one NDJSON stream. Exporting, importing into an empty
 * database and exporting again gives the same stream, and the gates answer the same, across adapters
 * (SQLite -> PostgreSQL -> SQLite when ROLLGATE_TEST_DATABASE_URL is set).
 */
describe('export and import (NDJSON)', function () {
  this.timeout(120_000);
  const hops: Adapter[] = process.env.ROLLGATE_TEST_DATABASE_URL
    ? ['sqlite', 'postgres', 'sqlite']
    : ['sqlite', 'sqlite'];
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-transfer-'));
  });
  after(async () => {
    for (const c of cleanups) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportOf = async (database: string, name: string) => {
    const file = join(dir, name);
    const r = await run(['export', '--database', database, '--output', file]);
    assert.equal(r.code, 0, r.err);
    return readFileSync(file, 'utf8');
  };

  it(`round-trips exactly and the gates answer the same (${hops.join(' -> ')})`, async () => {
    const source = await startTestBroker({ adapter: hops[0] });
    cleanups.push(() => source.destroy());
    await buildHistory(source);
    const expected = await gateAnswers(source);
    await source.stop();
    const first = await exportOf(source.database, 'first.ndjson');
    const lines = first
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { type: 'header', format: 'rollgate-ndjson', schemaVersion: 2 });
    assert.equal(lines.at(-1).type, 'end');
    for (const kind of [
      'pacticipant',
      'version',
      'pactVersion',
      'verification',
      'deployedVersion',
      'releasedVersion',
      'webhook',
      'label',
      'versionMigration',
      'versionRequirement',
      'rollbackVerdict',
    ])
      assert.ok(
        lines.some((l) => l.type === kind),
        `the export holds ${kind} records`,
      );
    assert.ok(!/"id":/.test(first), 'no database ids in the stream');

    let file = join(dir, 'first.ndjson');
    for (const [i, adapter] of hops.slice(1).entries()) {
      const fresh = await freshDatabaseLocation(adapter);
      cleanups.push(fresh.drop);
      const imported = await run(['import', '--database', fresh.location, file]);
      assert.equal(imported.code, 0, imported.err);
      assert.match(imported.out, /added pacticipant 4, /);
      const again = await exportOf(fresh.location, `hop${i}.ndjson`);
      assert.equal(again, first, `the export of the ${adapter} import is the same stream`);
      const b: TestBroker = await startTestBroker({ database: fresh.location });
      try {
        assert.deepEqual(await gateAnswers(b), expected, `the gates answer the same on the ${adapter} import`);
      } finally {
        await b.stop();
      }
      // A second import of the same file changes nothing.
      const twice = await run(['import', '--database', fresh.location, file]);
      assert.equal(twice.code, 0, twice.err);
      assert.match(twice.out, /added nothing/);
      assert.equal(await exportOf(fresh.location, `hop${i}b.ndjson`), first);
      file = join(dir, `hop${i}.ndjson`);
    }
  });

  it('refuses a truncated, edited or foreign file with the line that is wrong, and writes nothing wrong', async () => {
    const fresh = await freshDatabaseLocation('sqlite');
    cleanups.push(fresh.drop);
    const write = (name: string, text: string) => {
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const header = '{"type":"header","format":"rollgate-ndjson","schemaVersion":1}';
    const p =
      '{"type":"pacticipant","name":"a","displayName":null,"mainBranch":null,"repositoryUrl":null,"repositoryName":null,"repositoryNamespace":null,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}';
    const cases: [string, string, RegExp][] = [
      ['foreign.ndjson', '{"hello":1}\n', /line 1: the first line is not a rollgate export header/],
      ['newer.ndjson', '{"type":"header","format":"rollgate-ndjson","schemaVersion":99}\n', /schema version 99, newer/],
      ['truncated.ndjson', `${header}\n${p}\n`, /ends without its end record/],
      ['bad.ndjson', `${header}\n{"type":"version","pacticipant":"a"}\n`, /line 2: version: number: /],
      [
        'missing.ndjson',
        `${header}\n{"type":"version","pacticipant":"zz","number":"1","buildUrl":null,"createdAt":"x","updatedAt":"x"}\n{"type":"end","counts":{"version":1}}\n`,
        /line 2: version: names pacticipant zz/,
      ],
      [
        'count.ndjson',
        `${header}\n${p}\n{"type":"end","counts":{"pacticipant":2}}\n`,
        /counts 2 pacticipant records, the stream holds 1/,
      ],
      ['json.ndjson', `${header}\n{nope\n`, /line 2: not a JSON object/],
    ];
    for (const [name, text, expected] of cases) {
      const r = await run(['import', '--database', fresh.location, write(name, text)]);
      assert.equal(r.code, 5, `${name}: ${r.err}`);
      assert.match(r.err, expected, name);
    }
    const missing = await run(['import', '--database', fresh.location, join(dir, 'nope.ndjson')]);
    assert.equal(missing.code, 5);
  });
});
