import type { BrokerConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { eventsNamed, type EventHandler } from '../domain/events.ts';
import { enqueue, JobError, Worker, type Job } from '../queue/index.ts';
import { deliver } from './deliver.ts';
import { EgressPolicy } from './egress.ts';
import { anyWebhookFor, addExecution, findTrigger, findWebhook, settleTrigger } from './repository.ts';
import { readinessPairsRead, requestVerifications, type ReadinessJob } from './readiness.ts';
import { absoluteContext, renderRequest } from './templates.ts';
import {
  DELIVER_JOB,
  READINESS_JOB,
  onPactsPublished,
  onRollbackSafetyChanged,
  onVerificationPublished,
  type TriggerSettings,
} from './triggers.ts';
import type { TemplateContext } from './model.ts';

export function triggerSettings(config: BrokerConfig): TriggerSettings {
  return { maxAttempts: config.webhookRetrySchedule.length + 1, priorVersions: config.webhookPriorVersions };
}

/** Milliseconds before retry `attempt + 1`, from the configured schedule (the last delay repeats). */
function retryDelayMs(config: BrokerConfig, attempt: number): number {
  const s = config.webhookRetrySchedule;
  if (!s.length) return 0;
  return Math.round(1000 * s[Math.min(Math.max(attempt, 1), s.length) - 1]);
}

/**
 * The outbox consumers of webhooks: `webhooks` gives each webhook listening to a published pact or
 * verification its trigger and delivery job (the Pact Broker's events), and `readiness` gives each
 * recorded deployment a rollback-readiness job when some webhook listens for
 * contract_requiring_verification_published. Idempotent: triggers and jobs are keyed by their event.
 * A batch without listening webhooks costs one small query per event.
 */
function webhookEventHandlers(config: BrokerConfig): EventHandler[] {
  const s = triggerSettings(config);
  const webhooks: EventHandler = {
    name: 'webhooks',
    events: ['pactsPublished', 'verificationPublished', 'rollbackSafetyChanged'],
    *handle(events) {
      for (const e of events) {
        if (e.name === 'pactsPublished') yield* onPactsPublished(s, e.occurredAt, e.payload);
        else if (e.name === 'verificationPublished') yield* onVerificationPublished(s, e.occurredAt, e.payload);
        else if (e.name === 'rollbackSafetyChanged') yield* onRollbackSafetyChanged(s, e.id, e.occurredAt, e.payload);
      }
    },
  };
  const readiness: EventHandler = {
    name: 'readiness',
    events: ['deploymentRecorded'],
    *handle(events) {
      if (!(yield* anyWebhookFor('contract_requiring_verification_published'))) return;
      for (const { payload: e } of eventsNamed(events, 'deploymentRecorded')) {
        const job: ReadinessJob = {
          deployedVersionUuid: e.deployedVersionUuid,
          environmentId: e.environmentId,
          pacticipantId: e.pacticipantId,
        };
        yield* enqueue(READINESS_JOB, `deploy:${e.deployedVersionUuid}`, job);
      }
    },
  };
  return config.deploymentReadiness ? [webhooks, readiness] : [webhooks];
}

/** The job handlers: delivery of one trigger, and the rollback-readiness computation of one deployment. */
function webhookHandlers(deps: Deps, baseUrl: () => string) {
  const { store, config } = deps;
  const policy = new EgressPolicy(config);
  const s = triggerSettings(config);

  const deliverJob = async (job: Job<{ trigger: string }>) => {
    const found = await store.read(function* () {
      const trigger = yield* findTrigger(job.payload.trigger);
      return { trigger, webhook: trigger ? yield* findWebhook(trigger.webhook_uuid) : undefined };
    });
    const { trigger, webhook } = found;
    if (!trigger) return; // the webhook was deleted with its triggers
    if (!webhook?.enabled) {
      await store.write(() => settleTrigger(trigger.id, 'cancelled', trigger.attempts_made, null));
      return;
    }
    const ctx = absoluteContext(JSON.parse(trigger.context) as TemplateContext, baseUrl());
    const result = await deliver(renderRequest(webhook.request, ctx), policy, config.webhookTimeoutMs, ctx);
    const last = result.permanent || job.attempts >= job.maxAttempts;
    const nextAt = result.success || last ? null : new Date(Date.now() + retryDelayMs(config, job.attempts));
    await store.write(function* () {
      yield* addExecution({
        triggerId: trigger.id,
        attempt: job.attempts,
        success: result.success,
        statusCode: result.statusCode,
        error: result.error,
        logs: result.logs,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
      });
      yield* settleTrigger(
        trigger.id,
        result.success ? 'success' : last ? 'failure' : 'retrying',
        job.attempts,
        nextAt ? nextAt.toISOString() : null,
      );
    });
    if (!result.success) throw new JobError(result.error ?? 'webhook failed', last ? null : nextAt);
  };

  const readinessJob = async (job: Job<ReadinessJob>) => {
    const pairs = await store.readNamed(readinessPairsRead, job.payload);
    if (pairs?.length) await store.write(() => requestVerifications(s, job.payload, pairs));
  };

  return { [DELIVER_JOB]: deliverJob, [READINESS_JOB]: readinessJob };
}

/**
 * Webhooks at run time: the event handlers (always, so triggers are stored even on an instance that
 * does not deliver) and, when `config.webhooks` is on, a Worker that delivers from the durable queue.
 * With PostgreSQL several instances may run one: a claimed job is delivered by one of them.
 */
export function startWebhooks(deps: Deps, opts: { pollIntervalMs?: number } = {}) {
  let base = deps.config.baseUrl ?? `http://${deps.config.host}:${deps.config.port}`;
  const worker = deps.config.webhooks
    ? new Worker(deps.store, {
        handlers: webhookHandlers(deps, () => base),
        pollIntervalMs: opts.pollIntervalMs ?? 250,
        concurrency: 4,
        leaseMs: Math.max(30_000, deps.config.webhookTimeoutMs * 3),
        backoff: (attempt) => retryDelayMs(deps.config, attempt),
        log: deps.log,
      })
    : undefined;
  return {
    worker,
    handlers: webhookEventHandlers(deps.config),
    /** Links in templates are built from the configured base URL, else from where the broker listens. */
    setBaseUrl(url: string) {
      if (!deps.config.baseUrl) base = url;
    },
    start() {
      worker?.start();
    },
    async close() {
      await worker?.stop({ timeoutMs: 5_000 });
    },
  };
}
