import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  private queueDepth: () => number | Promise<number> = () => 0;
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
    this.comparisonQueueDepth = new Gauge({
      name: 'rollgate_comparison_queue_depth',
      help: 'Pact/OpenAPI comparisons waiting to run',
      registers: [this.registry],
      async collect() {
        this.set(Number(await metrics.queueDepth()) || 0);
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

  /** Sets the function read at each scrape for the comparison queue depth. */
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
