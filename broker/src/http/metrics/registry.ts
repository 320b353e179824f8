import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Jobs of one kind in one status, as the queue counts them for a scrape. */
export interface JobStat {
  kind: string;
  status: 'queued' | 'running' | 'failed';
  count: number;
  /** When the oldest queued job of the kind was queued (ISO), for `queued` rows. */
  oldestQueuedAt: string | null;
}

/** The job kinds of static evidence (precompute/): comparisons and subsumption checks. */
const EVIDENCE_KINDS = new Set(['compare', 'subsume']);

/**
 * Prometheus metrics of one broker app (a registry per app, never prom-client's global one, so
 * several brokers in one process - the tests - keep separate counts).
 *
 * Other parts of the broker reach them with `metricsFor(deps)`:
 *   metricsFor(deps).gateAnswers.inc({ gate: 'can-i-deploy', answer: 'yes' });
 *   metricsFor(deps).setComparisonQueueDepth(() => queue.size());
 */
export class BrokerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  /** can-i-deploy / can-i-rollback / matrix answers: `gate` names the question, `answer` is yes, no or unknown. */
  readonly gateAnswers: Counter<'gate' | 'answer'>;
  readonly comparisonQueueDepth: Gauge;
  /** Background jobs by kind and status (queued, running, failed), read from the durable queue at each scrape. */
  readonly jobs: Gauge<'kind' | 'status'>;
  /** Seconds since the oldest queued job of each kind was queued (0 when none is queued). */
  readonly oldestQueuedJob: Gauge<'kind'>;
  private jobStats: () => Promise<readonly JobStat[]> = async () => [];
  private queueDepth: (() => number | Promise<number>) | undefined;
  /** Rollback safety per environment (issue 21): read from the store at each scrape. */
  readonly rollbackSafety: Gauge<'environment' | 'verdict'>;
  readonly rollbackUnknownPairs: Gauge<'environment'>;
  private safety: () => Promise<SafetyGauges> = async () => ({ verdicts: [], unknownPairs: [] });

  constructor() {
    this.requests = new Counter({
      name: 'rollgate_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'rollgate_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.gateAnswers = new Counter({
      name: 'rollgate_gate_answers_total',
      help: 'Answers given by the deployment gates, by gate and answer',
      labelNames: ['gate', 'answer'],
      registers: [this.registry],
    });
    const metrics = this;
    // One read of the queue per scrape, shared by the gauges below (each collects in turn).
    let scrape: Promise<readonly JobStat[]> | undefined;
    const stats = () => {
      scrape ??= metrics.jobStats().finally(() => setTimeout(() => (scrape = undefined), 0).unref?.());
      return scrape;
    };
    this.comparisonQueueDepth = new Gauge({
      name: 'rollgate_comparison_queue_depth',
      help: 'Evidence jobs (pact/OpenAPI comparisons and subsumption checks) queued or running',
      registers: [this.registry],
      async collect() {
        if (metrics.queueDepth) {
          this.set(Number(await metrics.queueDepth()) || 0);
          return;
        }
        const rows = await stats();
        this.set(
          rows.filter((r) => EVIDENCE_KINDS.has(r.kind) && r.status !== 'failed').reduce((n, r) => n + r.count, 0),
        );
      },
    });
    this.jobs = new Gauge({
      name: 'rollgate_jobs',
      help: 'Background jobs in the durable queue by kind and status (queued, running, failed)',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await stats()) this.set({ kind: r.kind, status: r.status }, r.count);
      },
    });
    this.oldestQueuedJob = new Gauge({
      name: 'rollgate_jobs_oldest_queued_age_seconds',
      help: 'Age of the oldest queued job of each kind, in seconds',
      labelNames: ['kind'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const r of await stats())
          if (r.status === 'queued' && r.oldestQueuedAt)
            this.set({ kind: r.kind }, Math.max(0, (now - Date.parse(r.oldestQueuedAt)) / 1000));
      },
    });
    // Both gauges are filled from one read per scrape: the first collect starts it, the other awaits the same read.
    let reading: Promise<SafetyGauges> | undefined;
    const readSafety = () => {
      reading ??= metrics.safety().finally(() => setTimeout(() => (reading = undefined), 0));
      return reading;
    };
    this.rollbackUnknownPairs = new Gauge({
      name: 'rollgate_rollback_unknown_pairs',
      help: 'Pairs in play (current, prior and released versions) without evidence either way, per environment',
      labelNames: ['environment'],
      registers: [this.registry],
      async collect() {
        const { unknownPairs } = await readSafety();
        this.reset();
        for (const u of unknownPairs) this.set({ environment: u.environment }, u.n);
      },
    });
    this.rollbackSafety = new Gauge({
      name: 'rollgate_rollback_safety_pacticipants',
      help: 'Deployed pacticipants per environment by rollback verdict (independent, needs-companions, blocked, no-prior)',
      labelNames: ['environment', 'verdict'],
      registers: [this.registry],
      async collect() {
        const { verdicts } = await readSafety();
        this.reset();
        for (const v of verdicts) this.set({ environment: v.environment, verdict: v.verdict }, v.n);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'rollgate_' });
  }

  /** Sets the function read at each scrape for the job gauges (the broker reads its durable queue). */
  setJobStats(source: () => Promise<readonly JobStat[]>): void {
    this.jobStats = source;
  }

  /** Overrides the comparison queue depth (by default the queued and running evidence jobs of the job stats). */
  setComparisonQueueDepth(source: () => number | Promise<number>): void {
    this.queueDepth = source;
  }

  /** Sets the function read at each scrape for the rollback-safety gauges. */
  setRollbackSafety(source: () => Promise<SafetyGauges>): void {
    this.safety = source;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }
}

export interface SafetyGauges {
  verdicts: Array<{ environment: string; verdict: string; n: number }>;
  unknownPairs: Array<{ environment: string; n: number }>;
}

const byDeps = new WeakMap<object, BrokerMetrics>();

/** The metrics of the app built from `deps` (created on first use). */
export function metricsFor(deps: object): BrokerMetrics {
  let m = byDeps.get(deps);
  if (!m) {
    m = new BrokerMetrics();
    byDeps.set(deps, m);
  }
  return m;
}
