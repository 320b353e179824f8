/** Server settings, from flags and ROLLGATE_* environment variables (see docs/cli.md). */
export interface BrokerConfig {
  port: number;
  host: string;
  /** A file path (SQLite) or a postgres:// URL. */
  database: string;
  /**
   * Longest a PostgreSQL statement may run, in seconds (ROLLGATE_DATABASE_STATEMENT_TIMEOUT; default 15, as the
   * Pact Broker's PACT_BROKER_DATABASE_STATEMENT_TIMEOUT; 0: none). A request whose query runs longer gets a 503.
   * Migrations are not limited. SQLite has no such setting.
   */
  databaseStatementTimeoutSeconds: number;
  /** PostgreSQL's planner `random_page_cost` for the broker's sessions (ROLLGATE_DATABASE_RANDOM_PAGE_COST; default 1.1, 0 keeps the server's). */
  databaseRandomPageCost: number;
  /**
   * PostgreSQL: prepare the statements the broker asks often on each connection (ROLLGATE_DATABASE_PREPARED_STATEMENTS;
   * default true). false behind a pooler that does not keep them (PgBouncer in transaction mode before 1.21).
   */
  databasePreparedStatements: boolean;
  /**
   * Reader threads for SQLite's heavy reads (ROLLGATE_READER_THREADS; default 2; 0: on the event loop): gates,
   * pacts-for-verification, the matrix and the heavy UI pages run in them over their own read-only connections.
   * PostgreSQL ignores it (its connection pool already reads concurrently).
   */
  readerThreads: number;
  /** Links are built from this when set, else from each request's origin. */
  baseUrl?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Honour `onConflict: "overwrite"` for a published consumer version (off: a 409, as the Pact Broker). */
  allowContractModification: boolean;
  /** Also serve prior deployed consumer versions' pacts (as pending) to deployed/released selectors. */
  rollbackReadiness: boolean;
  logLevel: string;
  /** Compute static evidence (pact-vs-OpenAPI comparisons, subsumption) at write time (ROLLGATE_PRECOMPUTE). */
  precompute: boolean;
  /** Time limit of one pact-vs-OpenAPI comparison, in ms (ROLLGATE_COMPARISON_TIMEOUT_MS). */
  comparisonTimeoutMs: number;
  /**
   * Access control (see docs and broker/src/auth/). With none of the credentials below set, the broker
   * is open and listens on loopback only unless `allowUnauthenticated` is set.
   */
  /** A JSON or YAML file with `tokens`, `basicAuth` and `publicRead` (ROLLGATE_AUTH_FILE). */
  authFile?: string;
  /** Bearer tokens, `name:token:scope1+scope2,...` (ROLLGATE_TOKENS). Scopes: read, publish-contracts, publish-verifications, deploy, admin. */
  tokens?: string;
  /** HTTP Basic read-write user (ROLLGATE_BASIC_AUTH_USERNAME / _PASSWORD): every scope, as the Pact Broker's. */
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  /** HTTP Basic read-only user (ROLLGATE_BASIC_AUTH_READ_ONLY_USERNAME / _PASSWORD): the read scope. */
  basicAuthReadOnlyUsername?: string;
  basicAuthReadOnlyPassword?: string;
  /** Reads need no credentials (ROLLGATE_PUBLIC_READ); writes still do. */
  publicRead: boolean;
  /** Listen on a non-loopback address without any credentials configured (ROLLGATE_ALLOW_UNAUTHENTICATED / --allow-unauthenticated). */
  allowUnauthenticated: boolean;
  /** Deepest JSON nesting accepted in a request body or an embedded pact (ROLLGATE_MAX_JSON_DEPTH). */
  maxJsonDepth: number;
  /** Most interactions (or messages) accepted in one pact (ROLLGATE_MAX_INTERACTIONS). */
  maxInteractions: number;
  /**
   * Webhooks (broker/src/webhooks/, docs in its README.md). Deliveries run from the durable job queue
   * (ROLLGATE_WEBHOOKS: off stores and triggers webhooks but delivers nothing from this instance).
   */
  webhooks: boolean;
  /** URL schemes a webhook may use (ROLLGATE_WEBHOOK_SCHEMES, comma-separated; default https). */
  webhookSchemes: string[];
  /** HTTP methods a webhook may use (ROLLGATE_WEBHOOK_METHODS, comma-separated; default POST). */
  webhookMethods: string[];
  /**
   * Hosts a webhook may reach (ROLLGATE_WEBHOOK_HOSTS, comma-separated): exact names, wildcard patterns
   * (`*.example.com`), IP addresses and CIDRs (`10.0.0.0/8`). Empty (the default): any host whose every
   * address is public (no loopback, private, link-local, metadata ...). Checked again on the resolved
   * address at connect time; link-local and metadata addresses only when listed by exact name or address.
   */
  webhookHosts: string[];
  /** Static name resolution for webhook hosts, `name=address,...` (ROLLGATE_WEBHOOK_RESOLVE), like curl --resolve. */
  webhookResolve: Record<string, string>;
  /** Time limit of one webhook request, in ms (ROLLGATE_WEBHOOK_TIMEOUT_MS; default 10,000). */
  webhookTimeoutMs: number;
  /** Seconds to wait before each retry of a failed delivery (ROLLGATE_WEBHOOK_RETRY_SCHEDULE; default 10,60,120,300,600,1200 as the Pact Broker). */
  webhookRetrySchedule: number[];
  /** contract_requiring_verification_published also fires for each prior deployed provider version (ROLLGATE_WEBHOOK_PRIOR_VERSIONS; default on). */
  webhookPriorVersions: boolean;
  /** On a recorded deployment, request verifications of the rollback pairs without evidence (ROLLGATE_DEPLOYMENT_READINESS; default on). */
  deploymentReadiness: boolean;
  /** Keep each deployed pacticipant's rollback verdict per environment and report its changes (ROLLGATE_ROLLBACK_SAFETY; default on). */
  rollbackSafety: boolean;
  /**
   * At most one rollback-safety evaluation per environment this often while writes keep coming
   * (ROLLGATE_ROLLBACK_SAFETY_INTERVAL_SECONDS; default 5, 0 for none): an evaluation reads the environment's whole
   * any-subset answer, and re-running it after every write batch kept a core busy under a pipeline's write load.
   */
  rollbackSafetyIntervalSeconds: number;
  /**
   * Host names requests may name in their Host header (ROLLGATE_ALLOWED_HOSTS, comma-separated: exact names and
   * `*.example.com` patterns; `*` turns the check off). The base URL's host, loopback names and IP literals are
   * always allowed. Checked whenever set, and by default when no credentials are configured (the broker is open,
   * so a web page must not reach it through a rebound DNS name). Undefined: not set.
   */
  allowedHosts?: string[];
  /** Anyone may read the badge routes, as the Pact Broker's public badge access (ROLLGATE_PUBLIC_BADGES). */
  publicBadges: boolean;
  /**
   * How long an idle keep-alive connection stays open, in ms (ROLLGATE_KEEP_ALIVE_TIMEOUT_MS; default 65,000):
   * longer than a load balancer's idle timeout (60 s on AWS ALB, GCP, nginx's 75 s upstream default aside), so the
   * balancer, not the broker, closes idle connections and never sends a request on one the broker is closing.
   */
  keepAliveTimeoutMs: number;
  /** Time limit for a request's headers to arrive, in ms (ROLLGATE_HEADERS_TIMEOUT_MS; default 66,000, above keep-alive). */
  headersTimeoutMs: number;
  /** Time limit for a whole request to arrive, in ms (ROLLGATE_REQUEST_TIMEOUT_MS; default 300,000; 0: none). */
  requestTimeoutMs: number;
  /**
   * Largest OpenAPI (or AsyncAPI) document accepted, in bytes of its text (ROLLGATE_MAX_OPENAPI_BYTES; default
   * 4 MiB). Documents are parsed on the request thread until the scale work moves that off it: this and the next
   * bound how long one publish can hold it.
   */
  maxOpenApiBytes: number;
  /**
   * Most paths (plus AsyncAPI channels) accepted in one document (ROLLGATE_MAX_OPENAPI_PATHS; default 1,000). Counted
   * before the document is validated, and for block-style YAML before it is parsed, so a 10,000-path document is
   * refused in milliseconds (it froze every request for 13.7 s).
   */
  maxOpenApiPaths: number;
  /**
   * Retention of finished work (broker/src/retention/), in days; 0 keeps it forever. Finished (done or
   * failed) jobs (ROLLGATE_RETENTION_JOBS_DAYS; default 7), consumed events of the outbox
   * (ROLLGATE_RETENTION_EVENTS_DAYS; default 7), audit rows (ROLLGATE_RETENTION_AUDIT_DAYS; default 365),
   * finished webhook triggers with their executions and logs (ROLLGATE_RETENTION_WEBHOOK_EXECUTIONS_DAYS;
   * default 30). Queued or running work and pending events are never deleted.
   */
  retentionJobsDays: number;
  retentionEventsDays: number;
  retentionAuditDays: number;
  retentionWebhookExecutionsDays: number;
  /** How often retention runs, in minutes (ROLLGATE_RETENTION_INTERVAL_MINUTES; default 60; the first run is a minute after start). */
  retentionIntervalMinutes: number;
  /**
   * The version clean (broker/src/retention/clean.ts, docs/operations.md "Retention"): off by default
   * (ROLLGATE_CLEAN_ENABLED). Which versions stay: the Pact Broker's keep selectors JSON
   * (ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS; default the Pact Broker's defaults), always with every version that was
   * deployed or released. At most `cleanDeletionLimit` versions per run (ROLLGATE_CLEAN_DELETION_LIMIT; default 500),
   * `cleanBatchSize` per transaction (ROLLGATE_CLEAN_BATCH_SIZE; default 50), every `cleanIntervalMinutes`
   * (ROLLGATE_CLEAN_INTERVAL_MINUTES; default 60).
   */
  cleanEnabled: boolean;
  cleanKeepVersionSelectors?: string;
  cleanDeletionLimit: number;
  cleanBatchSize: number;
  cleanIntervalMinutes: number;
  /** ROLLGATE_CLEAN_KEEP_DEPLOYMENT_HISTORY (default false): also keep every version ever deployed or released. */
  cleanKeepDeploymentHistory: boolean;
}

const bool = (v: string | undefined, fallback: boolean) =>
  v === undefined || v === '' ? fallback : /^(1|true|yes|on)$/i.test(v);
const list = (v: string | undefined, fallback: string[]) =>
  v === undefined
    ? fallback
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

export function configFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<BrokerConfig> = {},
): BrokerConfig {
  const config: BrokerConfig = {
    port: Number(env.ROLLGATE_PORT ?? 9292),
    host: env.ROLLGATE_HOST ?? '127.0.0.1',
    database: env.ROLLGATE_DATABASE ?? './rollgate.db',
    databaseStatementTimeoutSeconds: Number(env.ROLLGATE_DATABASE_STATEMENT_TIMEOUT ?? 15),
    databaseRandomPageCost: Number(env.ROLLGATE_DATABASE_RANDOM_PAGE_COST ?? 1.1),
    databasePreparedStatements: bool(env.ROLLGATE_DATABASE_PREPARED_STATEMENTS, true),
    readerThreads: Number(env.ROLLGATE_READER_THREADS ?? 2),
    baseUrl: env.ROLLGATE_BASE_URL || undefined,
    bodyLimit: Number(env.ROLLGATE_BODY_LIMIT ?? 20 * 1024 * 1024),
    allowContractModification: bool(env.ROLLGATE_ALLOW_CONTRACT_MODIFICATION, false),
    rollbackReadiness: bool(env.ROLLGATE_ROLLBACK_READINESS, true),
    logLevel: env.ROLLGATE_LOG_LEVEL ?? 'info',
    precompute: bool(env.ROLLGATE_PRECOMPUTE, true),
    comparisonTimeoutMs: Number(env.ROLLGATE_COMPARISON_TIMEOUT_MS ?? 60_000),
    authFile: env.ROLLGATE_AUTH_FILE || undefined,
    tokens: env.ROLLGATE_TOKENS || undefined,
    basicAuthUsername: env.ROLLGATE_BASIC_AUTH_USERNAME || undefined,
    basicAuthPassword: env.ROLLGATE_BASIC_AUTH_PASSWORD || undefined,
    basicAuthReadOnlyUsername: env.ROLLGATE_BASIC_AUTH_READ_ONLY_USERNAME || undefined,
    basicAuthReadOnlyPassword: env.ROLLGATE_BASIC_AUTH_READ_ONLY_PASSWORD || undefined,
    publicRead: bool(env.ROLLGATE_PUBLIC_READ, false),
    allowUnauthenticated: bool(env.ROLLGATE_ALLOW_UNAUTHENTICATED, false),
    maxJsonDepth: Number(env.ROLLGATE_MAX_JSON_DEPTH ?? 64),
    maxInteractions: Number(env.ROLLGATE_MAX_INTERACTIONS ?? 10_000),
    webhooks: bool(env.ROLLGATE_WEBHOOKS, true),
    webhookSchemes: list(env.ROLLGATE_WEBHOOK_SCHEMES, ['https']).map((x) => x.toLowerCase()),
    webhookMethods: list(env.ROLLGATE_WEBHOOK_METHODS, ['POST']).map((x) => x.toUpperCase()),
    webhookHosts: list(env.ROLLGATE_WEBHOOK_HOSTS, []),
    webhookResolve: Object.fromEntries(
      list(env.ROLLGATE_WEBHOOK_RESOLVE, []).map((x) => [
        x.slice(0, x.indexOf('=')).toLowerCase(),
        x.slice(x.indexOf('=') + 1),
      ]),
    ),
    webhookTimeoutMs: Number(env.ROLLGATE_WEBHOOK_TIMEOUT_MS ?? 10_000),
    webhookRetrySchedule: list(env.ROLLGATE_WEBHOOK_RETRY_SCHEDULE, ['10', '60', '120', '300', '600', '1200']).map(
      Number,
    ),
    webhookPriorVersions: bool(env.ROLLGATE_WEBHOOK_PRIOR_VERSIONS, true),
    deploymentReadiness: bool(env.ROLLGATE_DEPLOYMENT_READINESS, true),
    rollbackSafety: bool(env.ROLLGATE_ROLLBACK_SAFETY, true),
    rollbackSafetyIntervalSeconds: Number(env.ROLLGATE_ROLLBACK_SAFETY_INTERVAL_SECONDS ?? 5),
    allowedHosts: env.ROLLGATE_ALLOWED_HOSTS === undefined ? undefined : list(env.ROLLGATE_ALLOWED_HOSTS, []),
    publicBadges: bool(env.ROLLGATE_PUBLIC_BADGES, false),
    keepAliveTimeoutMs: Number(env.ROLLGATE_KEEP_ALIVE_TIMEOUT_MS ?? 65_000),
    headersTimeoutMs: Number(env.ROLLGATE_HEADERS_TIMEOUT_MS ?? 66_000),
    requestTimeoutMs: Number(env.ROLLGATE_REQUEST_TIMEOUT_MS ?? 300_000),
    maxOpenApiBytes: Number(env.ROLLGATE_MAX_OPENAPI_BYTES ?? 4 * 1024 * 1024),
    maxOpenApiPaths: Number(env.ROLLGATE_MAX_OPENAPI_PATHS ?? 1_000),
    retentionJobsDays: Number(env.ROLLGATE_RETENTION_JOBS_DAYS ?? 7),
    retentionEventsDays: Number(env.ROLLGATE_RETENTION_EVENTS_DAYS ?? 7),
    retentionAuditDays: Number(env.ROLLGATE_RETENTION_AUDIT_DAYS ?? 365),
    retentionWebhookExecutionsDays: Number(env.ROLLGATE_RETENTION_WEBHOOK_EXECUTIONS_DAYS ?? 30),
    retentionIntervalMinutes: Number(env.ROLLGATE_RETENTION_INTERVAL_MINUTES ?? 60),
    cleanEnabled: bool(env.ROLLGATE_CLEAN_ENABLED, false),
    cleanKeepVersionSelectors: env.ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS || undefined,
    cleanDeletionLimit: Number(env.ROLLGATE_CLEAN_DELETION_LIMIT ?? 500),
    cleanBatchSize: Number(env.ROLLGATE_CLEAN_BATCH_SIZE ?? 50),
    cleanIntervalMinutes: Number(env.ROLLGATE_CLEAN_INTERVAL_MINUTES ?? 60),
    cleanKeepDeploymentHistory: bool(env.ROLLGATE_CLEAN_KEEP_DEPLOYMENT_HISTORY, false),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  config.host = bareHost(config.host);
  return config;
}

/** `[::1]` (as a URL writes it) is the address `::1`: listen() and the loopback check take it bare. */
function bareHost(host: string): string {
  return /^\[.*\]$/.test(host) ? host.slice(1, -1) : host;
}
