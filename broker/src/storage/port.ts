import type { Dialect, Program } from './sql.ts';

/**
 * The storage port. Every request runs its writes as one program in one transaction (`write`);
 * reads run as one consistent snapshot (`read`). Adapters: sqlite/ (embedded default), postgres/.
 */
export interface Store {
  readonly dialect: Dialect;
  /** Runs a program in one read-write transaction; retried whole on a transient conflict. */
  write<T>(program: () => Program<T>): Promise<T>;
  /** Runs a read-only program. */
  read<T>(program: () => Program<T>): Promise<T>;
  /** Database health for /diagnostic/status/dependencies. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** A short description for logs ("sqlite ./rollgate.db"). */
  describe(): string;
}
