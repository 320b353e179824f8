import type { NamedRead } from './named-read.ts';
import type { Dialect, Program } from './sql.ts';

/**
 * The storage port. Every request runs its writes as one program in one transaction (`write`);
 * reads run as one consistent snapshot (`read`). Adapters: sqlite/ (embedded default), postgres/.
 */
export interface WriteOptions {
  /**
   * `full` (the default): the commit is on disk before `write` returns, so a write acknowledged to a client survives a
   * crash of the machine. `relaxed`: it may still be on its way (SQLite's `synchronous = NORMAL` in WAL mode,
   * PostgreSQL's `synchronous_commit = off`): a crash of the machine (not of the process) may lose the last relaxed
   * writes, never a full one committed after them, and never corrupts the database. For bookkeeping that is redone when
   * lost (the job queue's claims and completions: a job whose completion is lost runs again), never for a request's
   * write. Each full commit makes the relaxed ones before it durable too (SQLite syncs the whole log, PostgreSQL
   * flushes the log up to its own commit).
   */
  durability?: 'full' | 'relaxed';
}

export interface Store {
  readonly dialect: Dialect;
  /** Runs a program in one read-write transaction; retried whole on a transient conflict. */
  write<T>(program: () => Program<T>, options?: WriteOptions): Promise<T>;
  /** Runs a read-only program. */
  read<T>(program: () => Program<T>): Promise<T>;
  /**
   * Runs a heavy read registered by name (named-read.ts) as one consistent snapshot, like `read`. SQLite with reader
   * threads runs it in one of them over its own read-only connection, so the event loop and the writer never wait
   * for it; otherwise (PostgreSQL, or no reader threads) it runs as `read(() => op.program(...args))`.
   */
  readNamed<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T>;
  /**
   * Runs a named read once wherever the store keeps memos (storage/sql.ts `storeMemo`): in each reader thread, or once
   * where there are none. To fill them before requests need them (the broker warms its kept rollback worlds at start).
   */
  readEverywhere<A extends unknown[], T>(op: NamedRead<A, T>, ...args: A): Promise<T[]>;
  /** Database health for /diagnostic/status/dependencies. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** A short description for logs ("sqlite ./rollgate.db"). */
  describe(): string;
}
