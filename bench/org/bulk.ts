/**
 * Multi-row inserts through the store for the organisation builder: rows are buffered per table and
 * flushed as `INSERT INTO t (cols) VALUES (...), (...)` statements (a few hundred rows each), many
 * statements per write transaction. Ids are given explicitly (the builder numbers rows itself), so
 * after the build PostgreSQL's identity sequences are moved past them (`finish`).
 */
import { dialect, run, type SqlParam } from '../../broker/src/storage/sql.ts';
import type { Store } from '../../broker/src/storage/port.ts';

const PARAMS_PER_STATEMENT = 6000;

export class BulkWriter {
  private readonly buffers = new Map<string, { cols: string[]; rows: SqlParam[][] }>();
  private buffered = 0;
  /** Rows written per table. */
  readonly counts: Record<string, number> = {};
  private readonly ids: Record<string, number> = {};

  constructor(
    private readonly store: Store,
    private readonly flushAt = 40_000,
  ) {}

  /** The next id of `table` (ids start after what the table already held when the builder began). */
  nextId(table: string): number {
    this.ids[table] = (this.ids[table] ?? 0) + 1;
    return this.ids[table];
  }

  startIdsAt(table: string, last: number): void {
    this.ids[table] = last;
  }

  async add(table: string, cols: string[], row: SqlParam[]): Promise<void> {
    let b = this.buffers.get(table);
    if (!b) {
      b = { cols, rows: [] };
      this.buffers.set(table, b);
    }
    b.rows.push(row);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    if (++this.buffered >= this.flushAt) await this.flush();
  }

  /** Writes what is buffered, tables in the order they were first added (parents before children). */
  async flush(): Promise<void> {
    if (!this.buffered) return;
    const work = [...this.buffers.entries()].map(([table, b]) => ({ table, cols: b.cols, rows: b.rows }));
    for (const b of this.buffers.values()) b.rows = [];
    this.buffered = 0;
    await this.store.write(function* () {
      for (const { table, cols, rows } of work) {
        const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / cols.length));
        for (let i = 0; i < rows.length; i += per) {
          const chunk = rows.slice(i, i + per);
          const tuple = `(${cols.map(() => '?').join(',')})`;
          yield* run(
            `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => tuple).join(',')}`,
            chunk.flat(),
          );
        }
      }
    });
  }

  /** Flushes and, on PostgreSQL, moves each table's identity sequence past the ids given. */
  async finish(): Promise<void> {
    await this.flush();
    const tables = Object.keys(this.ids);
    await this.store.write(function* () {
      if ((yield* dialect()) !== 'postgres') return;
      for (const t of tables)
        yield* run(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM ${t}))`);
    });
    // Statistics, as autovacuum would gather after a bulk load (a broker never runs ANALYZE itself). SQLite is left
    // as the broker leaves it: it has no statistics unless someone runs ANALYZE.
    if (this.store.dialect === 'postgres')
      await this.store.write(function* () {
        for (const t of tables) yield* run(`ANALYZE ${t}`);
      });
  }
}
