import pg from 'pg';
import { migrations as allMigrations } from '../migrations/index.ts';
import type { Migration } from '../migrations/types.ts';
import type { Store } from '../port.ts';
import { sqlFor, type Program, type SqlOp } from '../sql.ts';

/** Any constant: the advisory lock that serialises migrations of broker instances starting together. */
const MIGRATION_LOCK = 727_2001;
/** serialization_failure, deadlock_detected, unique_violation (a concurrent insert won a race): retry the whole program. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/** `?` placeholders become `$1..$n` (the SQL never holds a literal `?`). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The PostgreSQL store, for several broker instances on one database: no state lives in the process.
 * Each program runs on one pooled connection between BEGIN and COMMIT, and is retried whole when
 * PostgreSQL reports a serialisation failure or a deadlock.
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(private readonly url: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client's error (the server restarted) must not crash the broker.
    this.pool.on('error', () => undefined);
  }

  static async open(url: string, migrations: Migration[] = allMigrations): Promise<PostgresStore> {
    const store = new PostgresStore(url);
    await store.migrate(migrations);
    return store;
  }

  async migrate(migrations: Migration[] = allMigrations): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const applied = new Set((await client.query('SELECT id FROM schema_migrations')).rows.map((r) => Number(r.id)));
      for (const m of migrations) {
        if (applied.has(m.id)) continue;
        await client.query('BEGIN');
        try {
          for (const statement of m.up('postgres')) await client.query(statement);
          await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async migrateDown(target: number, migrations: Migration[] = allMigrations): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      for (const m of [...migrations].reverse()) {
        if (m.id <= target) break;
        await client.query('BEGIN');
        for (const statement of m.down('postgres')) await client.query(statement);
        await client.query('DELETE FROM schema_migrations WHERE id = $1', [m.id]);
        await client.query('COMMIT');
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  write<T>(program: () => Program<T>): Promise<T> {
    return this.transaction(program, 'BEGIN');
  }

  read<T>(program: () => Program<T>): Promise<T> {
    return this.transaction(program, 'BEGIN READ ONLY');
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  describe(): string {
    return `postgres ${this.url.replace(/\/\/[^@/]*@/, '//***@')}`;
  }

  private async transaction<T>(program: () => Program<T>, begin: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query(begin);
        const gen = program();
        let step = gen.next();
        while (!step.done) step = gen.next(await this.execute(client, step.value));
        await client.query('COMMIT');
        return step.value;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (e as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 5) {
          await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
          continue;
        }
        throw e;
      } finally {
        client.release();
      }
    }
  }

  private async execute(client: pg.PoolClient, op: SqlOp): Promise<unknown> {
    if (op.kind === 'dialect') return 'postgres';
    const result = await client.query(toPgPlaceholders(sqlFor(op.sql, 'postgres')), op.params);
    if (op.kind === 'all') return result.rows;
    if (op.kind === 'get') return result.rows[0];
    return { changes: result.rowCount ?? 0 };
  }
}
