import Database from 'better-sqlite3';
import { migrations as allMigrations } from '../migrations/index.ts';
import type { Migration } from '../migrations/types.ts';
import type { NamedRead } from '../named-read.ts';
import type { Store, WriteOptions } from '../port.ts';
import { ReaderPool } from './reader-pool.ts';
import { MAX_STATEMENTS, StatementCache } from './statements.ts';
import { sqlFor, type Program, type SqlOp } from '../sql.ts';
import { Turns } from './turns.ts';
import { bumpStatements, countsAsWrite, existsStatement } from '../write-counter.ts';

/** What one transaction did, as the store sees it: whether it changed data, and what to run after commit. */
interface TransactionState {
  changedData: boolean;
  /** The program declared the environments whose answers it changes (sql.ts `declareAnswerScope`). */
  scoped?: boolean;
  afterCommit: (() => void)[];
}

/**
 * The embedded store: one better-sqlite3 connection in WAL mode. Each program runs inside one
 * synchronous transaction, so a request's writes are atomic and never interleave with another's.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  /** Prepared statements by SQL text, bounded (statements.ts). */
  private readonly statements: StatementCache;
  static readonly MAX_STATEMENTS = MAX_STATEMENTS;
  /** Each transaction in its own event-loop turn (turns.ts): requests without a transaction answer between them. */
  private readonly turns = new Turns();
  /** What programs keep between runs on this store (sql.ts `storeMemo`). */
  private readonly memos = new Map<string, Map<string, unknown>>();
  /** How much of the write counting the schema has (write-counter.ts `existsStatement`); checked at the first write after a migration. */
  private counting: number | undefined;
  /** Reader threads for named reads (reader-pool.ts); none: they run in-process as `read`. */
  private readers: ReaderPool | undefined;

  /** How many prepared statements are cached (for the test that holds the bound). */
  get preparedStatements(): number {
    return this.statements.size;
  }

  constructor(private readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a write acknowledged to a client survives a crash of the process or the machine.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.statements = new StatementCache(this.db);
  }

  static open(
    file: string,
    migrations: Migration[] = allMigrations,
    opts: { readerThreads?: number } = {},
  ): SqliteStore {
    const store = new SqliteStore(file);
    store.migrate(migrations);
    if (opts.readerThreads) store.startReaders(opts.readerThreads);
    return store;
  }

  /**
   * Runs named reads in `threads` reader threads from now on (after the migrations: a reader opens the file
   * read-only). An in-memory database has no file another connection could open: its reads stay in-process.
   */
  startReaders(threads: number): void {
    const n = Math.min(Math.floor(threads), 64);
    if (this.readers || !(n >= 1) || this.file === ':memory:' || this.file === '') return;
    this.readers = new ReaderPool(this.file, n);
  }

  /** How many reader threads run named reads (0: in-process). */
  get readerThreads(): number {
    return this.readers?.size ?? 0;
  }

  migrate(migrations: Migration[] = allMigrations): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      this.db
        .prepare('SELECT id FROM schema_migrations')
        .all()
        .map((r) => (r as { id: number }).id),
    );
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      this.db
        .transaction(() => {
          for (const statement of m.up('sqlite')) this.db.exec(statement);
          this.db
            .prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)')
            .run(m.id, m.name, new Date().toISOString());
        })
        .immediate();
    }
    this.counting = undefined;
  }

  /** Reverts the newest applied migrations down to (excluding) `target`. */
  migrateDown(target: number, migrations: Migration[] = allMigrations): void {
    const applied = new Set(
      this.db
        .prepare('SELECT id FROM schema_migrations')
        .all()
        .map((r) => (r as { id: number }).id),
    );
    for (const m of [...migrations].reverse()) {
      if (m.id <= target) break;
      if (!applied.has(m.id)) continue;
      this.db
        .transaction(() => {
          for (const statement of m.down('sqlite')) this.db.exec(statement);
          this.db.prepare('DELETE FROM schema_migrations WHERE id = ?').run(m.id);
        })
        .immediate();
    }
    this.counting = undefined;
  }

  /**
   * Runs the program in one IMMEDIATE transaction. When it changed a data table the write counter is
   * bumped last, inside the same transaction (see storage/write-counter.ts).
   */
  async write<T>(program: () => Program<T>, options: WriteOptions = {}): Promise<T> {
    await this.turns.next();
    const state: TransactionState = { changedData: false, afterCommit: [] };
    // The safety level cannot change inside a transaction: it is set around it (WriteOptions in storage/port.ts).
    const relaxed = options.durability === 'relaxed';
    if (relaxed) this.prepare('PRAGMA synchronous = NORMAL').run();
    let value: T;
    try {
      value = this.db
        .transaction(() => {
          const v = this.drive(program(), state);
          if (state.changedData && this.countsWrites())
            for (const sql of bumpStatements('sqlite', { scoped: state.scoped === true, level: this.counting! }))
              this.prepare(sql).run();
          return v;
        })
        .immediate();
    } finally {
      if (relaxed) this.prepare('PRAGMA synchronous = FULL').run();
    }
    runAfterCommit(state);
    return value;
  }

  async read<T>(program: () => Program<T>): Promise<T> {
    await this.turns.next();
    const state: TransactionState = { changedData: false, afterCommit: [] };
    const value = this.db.transaction(() => this.drive(program(), state)).deferred();
    runAfterCommit(state);
    return value;
  }

  /**
   * A heavy read: in a reader thread when there are any (its own read-only connection; a fresh snapshot that sees
   * every write committed before the call), else in-process as `read`. A write acknowledged before this call is
   * committed (the writer commits synchronously before it answers), so the reader's snapshot includes it.
   */
  readNamed<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T> {
    if (!this.readers) return this.read(() => op.program(...args));
    // A small read does not queue behind other requests' reads: on the event loop it takes a few ms, in the queue it
    // would wait for the rest of a long one (the 150,000-version load: can-i-deploy p95 186-302 ms, 5-11 ms alone).
    if (op.small && this.readers.saturated()) return this.read(() => op.program(...args));
    return this.readers.run<T>(op.module, op.name, args, op.background === true);
  }

  async readEverywhere<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T[]> {
    if (!this.readers) return [await this.read(() => op.program(...args))];
    return this.readers.runOnEach<T>(op.module, op.name, args);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    const readers = this.readers;
    this.readers = undefined;
    await readers?.close();
    if (this.db.open) this.db.close();
  }

  describe(): string {
    return `sqlite ${this.file}`;
  }

  /** Integrity check, for crash-safety tests and diagnostics. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  private drive<T>(gen: Program<T>, state: TransactionState): T {
    let step = gen.next();
    while (!step.done) step = gen.next(this.execute(step.value, state));
    return step.value;
  }

  private execute(op: SqlOp, state: TransactionState): unknown {
    if (op.kind === 'dialect') return 'sqlite';
    if (op.kind === 'memo') return this.memos;
    if (op.kind === 'afterCommit') {
      state.afterCommit.push(op.fn);
      return undefined;
    }
    if (op.kind === 'answerScope') {
      state.scoped = true;
      return undefined;
    }
    const sql = sqlFor(op.sql, 'sqlite');
    const stmt = this.prepare(sql);
    if (op.kind === 'all') return stmt.all(...op.params);
    if (op.kind === 'get') return stmt.get(...op.params);
    const { changes } = stmt.run(...op.params);
    if (changes > 0 && !state.changedData && countsAsWrite(sql)) state.changedData = true;
    return { changes };
  }

  private countsWrites(): boolean {
    this.counting ??= Number((this.prepare(existsStatement('sqlite')).get() as { n: number }).n);
    return this.counting > 0;
  }

  private prepare(sql: string): Database.Statement {
    return this.statements.prepare(sql);
  }
}

/** Callbacks of a committed transaction; one that throws must not fail the write that already committed. */
function runAfterCommit(state: TransactionState): void {
  for (const fn of state.afterCommit) {
    try {
      fn();
    } catch {
      // An in-process notification only: the work it announces is durable and found by polling.
    }
  }
}
