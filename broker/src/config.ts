/** Server settings, from flags and ROLLGATE_* environment variables (see docs/cli.md). */
export interface BrokerConfig {
  port: number;
  host: string;
  /** A file path (SQLite) or a postgres:// URL. */
  database: string;
  /** Links are built from this when set, else from each request's origin. */
  baseUrl?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Honour `onConflict: "overwrite"` for a published consumer version (off: a 409, as the Pact Broker). */
  allowContractModification: boolean;
  /** Also serve prior deployed consumer versions' pacts (as pending) to deployed/released selectors. */
  rollbackReadiness: boolean;
  logLevel: string;
}

const bool = (v: string | undefined, fallback: boolean) => (v === undefined || v === '' ? fallback : /^(1|true|yes|on)$/i.test(v));

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  return {
    port: Number(env.ROLLGATE_PORT ?? 9292),
    host: env.ROLLGATE_HOST ?? '127.0.0.1',
    database: env.ROLLGATE_DATABASE ?? './rollgate.db',
    baseUrl: env.ROLLGATE_BASE_URL || undefined,
    bodyLimit: Number(env.ROLLGATE_BODY_LIMIT ?? 20 * 1024 * 1024),
    allowContractModification: bool(env.ROLLGATE_ALLOW_CONTRACT_MODIFICATION, false),
    rollbackReadiness: bool(env.ROLLGATE_ROLLBACK_READINESS, true),
    logLevel: env.ROLLGATE_LOG_LEVEL ?? 'info',
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}
