import pg from 'pg';
import { migrations as allMigrations } from '../migrations/index.ts';
import type { Migration } from '../migrations/types.ts';
import type { NamedRead } from '../named-read.ts';
import type { Store, WriteOptions } from '../port.ts';
import { sqlFor, type Program, type SqlOp } from '../sql.ts';
import { isStalePreparedStatement, StatementNames, toPgStatement } from './statements.ts';
import { typeParsers } from './type-parsers.ts';
import { bumpStatements, countsAsWrite, existsStatement } from '../write-counter.ts';

/** What one attempt of a transaction did: whether it changed data, and what to run after commit. */
interface TransactionState {
  changedData: boolean;
  /** The program declared the environments whose answers it changes (sql.ts `declareAnswerScope`). */
  scoped?: boolean;
  afterCommit: (() => void)[];
}

/**
 * The advisory lock that serialises migrations of broker instances starting together on one schema: any
 * constant, paired with a hash of the schema, so brokers on other schemas of the same database (tests in
 * parallel, one database per team) migrate at the same time instead of queueing behind each other.
 */
const MIGRATION_LOCK = 727_2001;
const LOCK_SQL = "SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))";
const UNLOCK_SQL = "SELECT pg_advisory_unlock($1, hashtext(coalesce(current_schema(), '')))";
/** serialization_failure, deadlock_detected, unique_violation (a concurrent insert won a race): retry the whole program. */
/**
 * `random_page_cost` for the broker's sessions unless ROLLGATE_DATABASE_RANDOM_PAGE_COST says otherwise (0: the
 * server's own). 1.1, as for data that is cached or on SSDs: at 150,000 versions PostgreSQL's default of 4 turned the
 * work-in-progress pact selection into hash joins over the whole tags and branch tables (25 and 147 ms instead of 4
 * and 32), and pacts-for-verification took 2.9-3.5 times SQLite's time instead of 1.2-1.6 (docs/benchmarks.md).
 */
export const DEFAULT_RANDOM_PAGE_COST = 1.1;

const RETRYABLE = new Set(['40001', '40P01', '23505']);
/** Attempts of one program before the error reaches the caller (a 500). */
const MAX_ATTEMPTS = 12;
/**
 * Writes run at REPEATABLE READ (snapshot isolation). Under READ COMMITTED a check-then-insert program
 * loses acknowledged writes: 16 concurrent publishes of different contents for one existing consumer
 * version all answered "created" while one content was stored (the others' `INSERT ... ON CONFLICT DO
 * NOTHING` silently did nothing; test/concurrency/publish-race.test.ts). Under REPEATABLE READ such an
 * insert, and an update of a row changed since the snapshot, fail with 40001 and the program is retried
 * whole, so it sees the winner and answers 409. SERIALIZABLE also fixes it but its predicate locks made
 * 500 publishes by 8 clients retry 732 times (2 exhausted their retries: 500s) against 3 times here;
 * the "one" rules of the domain are unique constraints, so write skew cannot duplicate a row.
 */
const BEGIN_WRITE = 'BEGIN ISOLATION LEVEL REPEATABLE READ';
/** Reads see one consistent snapshot (REPEATABLE READ READ ONLY never fails to serialise). */
const BEGIN_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
/** A read whose prepared statements run with their generic plans (named-read.ts `genericPlans`), in the same round trip. */
const BEGIN_READ_GENERIC = `${BEGIN_READ}; SET LOCAL plan_cache_mode = force_generic_plan`;

/** Counters for diagnostics and tests: how often programs were retried, and why. */
export interface StoreStats {
  transactions: number;
  retries: number;
  retriesByCode: Record<string, number>;
  /** Programs that failed after MAX_ATTEMPTS. */
  exhausted: number;
}

/**
 * The PostgreSQL store, for several broker instances on one database: no state lives in the process.
 * Each program runs on one pooled connection between BEGIN and COMMIT, and is retried whole when
 * PostgreSQL reports a serialisation failure or a deadlock.
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  readonly stats: StoreStats = { transactions: 0, retries: 0, retriesByCode: {}, exhausted: 0 };
  /** Names of the statements prepared on every connection (statements.ts). */
  private readonly statementNames: StatementNames;
  /** What programs keep between runs on this store (sql.ts `storeMemo`). */
  private readonly memos = new Map<string, Map<string, unknown>>();
  /**
   * Whether reads marked `genericPlans` run with them: only when statements are prepared (unprepared, a generic plan
   * would be planned for every run, without the values) and on PostgreSQL 12 or later (`plan_cache_mode`); set by
   * `migrate`, which every open runs.
   */
  private genericReads = false;
  private readonly preparing: boolean;
  /** Whether the write counter exists (migration 0008); checked at the first write after a migration. */
  private counting: Promise<number> | undefined;

  constructor(
    private readonly url: string,
    poolSize = 10,
    opts: { statementTimeoutMs?: number; randomPageCost?: number; preparedStatements?: boolean } = {},
  ) {
    this.preparing = opts.preparedStatements !== false;
    this.statementNames = new StatementNames(this.preparing ? undefined : 0);
    this.pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      types: typeParsers,
      ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    });
    // An idle client's error (the server restarted) must not crash the broker.
    this.pool.on('error', () => undefined);
    // The planner's cost of a random page read, per session (docs/operations.md): the server's default (4) prices a
    // broker's cached, index-shaped reads as disk seeks and picks hash joins over whole tables instead.
    const rpc = opts.randomPageCost ?? DEFAULT_RANDOM_PAGE_COST;
    if (Number.isFinite(rpc) && rpc > 0)
      this.pool.on('connect', (client) => {
        // Queued before any query of the client's first checkout; a server that refuses it keeps its own setting.
        client.query(`SET random_page_cost = ${rpc}`).catch(() => undefined);
      });
  }

  static async open(
    url: string,
    migrations: Migration[] = allMigrations,
    opts: { statementTimeoutMs?: number; randomPageCost?: number; preparedStatements?: boolean } = {},
  ): Promise<PostgresStore> {
    const store = new PostgresStore(url, undefined, opts);
    await store.migrate(migrations);
    return store;
  }

  async migrate(migrations: Migration[] = allMigrations): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Migrations (an index on a large table) are not limited by the statement timeout.
      await client.query('SET statement_timeout = 0');
      const version = Number((await client.query('SHOW server_version_num')).rows[0]?.server_version_num);
      this.genericReads = this.preparing && version >= 120000;
      await client.query(LOCK_SQL, [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set((await client.query('SELECT id FROM schema_migrations')).rows.map((r) => r.id as number));
      for (const m of migrations) {
        if (applied.has(m.id)) continue;
        await client.query('BEGIN');
        try {
          for (const statement of m.up('postgres')) await client.query(statement);
          await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
            m.id,
            m.name,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
      }
    } finally {
      await client.query(UNLOCK_SQL, [MIGRATION_LOCK]).catch(() => undefined);
      await client.query('RESET statement_timeout').catch(() => undefined);
      client.release();
      this.counting = undefined;
    }
  }

  async migrateDown(target: number, migrations: Migration[] = allMigrations): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SET statement_timeout = 0');
      const version = Number((await client.query('SHOW server_version_num')).rows[0]?.server_version_num);
      this.genericReads = this.preparing && version >= 120000;
      await client.query(LOCK_SQL, [MIGRATION_LOCK]);
      const applied = new Set((await client.query('SELECT id FROM schema_migrations')).rows.map((r) => r.id as number));
      for (const m of [...migrations].reverse()) {
        if (m.id <= target) break;
        // Only applied migrations are reverted (a down step of a table that was never created fails).
        if (!applied.has(m.id)) continue;
        await client.query('BEGIN');
        for (const statement of m.down('postgres')) await client.query(statement);
        await client.query('DELETE FROM schema_migrations WHERE id = $1', [m.id]);
        await client.query('COMMIT');
      }
    } finally {
      await client.query(UNLOCK_SQL, [MIGRATION_LOCK]).catch(() => undefined);
      await client.query('RESET statement_timeout').catch(() => undefined);
      client.release();
      this.counting = undefined;
    }
  }

  /**
   * Runs the program between BEGIN and COMMIT. When it changed a data table the write counter is
   * bumped last, inside the same transaction (a `write_log` row: see storage/write-counter.ts).
   */
  write<T>(program: () => Program<T>, options: WriteOptions = {}): Promise<T> {
    // One simple-protocol query, so a relaxed write costs no extra round trip (WriteOptions in storage/port.ts).
    const begin = options.durability === 'relaxed' ? `${BEGIN_WRITE}; SET LOCAL synchronous_commit = off` : BEGIN_WRITE;
    return this.transaction(program, begin, true);
  }

  read<T>(program: () => Program<T>): Promise<T> {
    return this.transaction(program, BEGIN_READ, false);
  }

  /** PostgreSQL reads already run concurrently, each on its own pooled connection: a named read is a read. */
  readNamed<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T> {
    const begin = op.genericPlans && this.genericReads ? BEGIN_READ_GENERIC : BEGIN_READ;
    return this.transaction(() => op.program(...args), begin, false);
  }

  /** One memo per store: the read runs once. */
  async readEverywhere<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T[]> {
    return [await this.read(() => op.program(...args))];
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    // Idempotent, as the SQLite store's: a broker's close after a test closed its store is harmless.
    if (this.pool.ended || this.pool.ending) return;
    await this.pool.end();
  }

  describe(): string {
    return `postgres ${this.url.replace(/\/\/[^@/]*@/, '//***@')}`;
  }

  private async transaction<T>(program: () => Program<T>, begin: string, write: boolean): Promise<T> {
    this.stats.transactions++;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query(begin);
        const state: TransactionState = { changedData: false, afterCommit: [] };
        const gen = program();
        let step = gen.next();
        while (!step.done) step = gen.next(await this.execute(client, step.value, state));
        if (write && state.changedData) {
          const level = await this.countsWrites(client);
          if (level > 0)
            for (const sql of bumpStatements('postgres', { scoped: state.scoped === true, level }))
              await client.query(sql);
        }
        if (write) await client.query('COMMIT');
        // A read's COMMIT ends a snapshot and changes nothing: it is sent, not waited for. The connection runs it
        // before whatever its next user sends, and the answer goes out one round trip sooner.
        else void client.query('COMMIT').catch(() => undefined);
        for (const fn of state.afterCommit) {
          try {
            fn();
          } catch {
            // An in-process notification only: the work it announces is durable and found by polling.
          }
        }
        return step.value;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A migration (another instance's, or a test's) changed what a prepared statement returns: prepare anew.
        if (isStalePreparedStatement(e) && attempt < MAX_ATTEMPTS) {
          this.statementNames.newGeneration();
          continue;
        }
        const code = (e as { code?: string }).code;
        if (code && RETRYABLE.has(code)) {
          if (attempt < MAX_ATTEMPTS) {
            this.stats.retries++;
            this.stats.retriesByCode[code] = (this.stats.retriesByCode[code] ?? 0) + 1;
            // Exponential backoff with full jitter (5 ms doubling, capped at 250 ms), so the racers spread out.
            await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 5 * 2 ** attempt)));
            continue;
          }
          this.stats.exhausted++;
        }
        throw e;
      } finally {
        client.release();
      }
    }
  }

  private async execute(client: pg.PoolClient, op: SqlOp, state: TransactionState): Promise<unknown> {
    if (op.kind === 'dialect') return 'postgres';
    if (op.kind === 'memo') return this.memos;
    if (op.kind === 'afterCommit') {
      state.afterCommit.push(op.fn);
      return undefined;
    }
    if (op.kind === 'answerScope') {
      state.scoped = true;
      return undefined;
    }
    const sql = sqlFor(op.sql, 'postgres');
    const { text, values } = toPgStatement(sql, op.params);
    const name = this.statementNames.nameFor(text);
    const result = await client.query(name === undefined ? { text, values } : { name, text, values });
    if (op.kind === 'all') return result.rows;
    if (op.kind === 'get') return result.rows[0];
    const changes = result.rowCount ?? 0;
    if (changes > 0 && !state.changedData && countsAsWrite(sql)) state.changedData = true;
    return { changes };
  }

  private countsWrites(client: pg.PoolClient): Promise<number> {
    this.counting ??= client.query(existsStatement('postgres')).then(
      (r) => Number(r.rows[0]?.n),
      (e) => {
        this.counting = undefined;
        throw e;
      },
    );
    return this.counting;
  }
}
