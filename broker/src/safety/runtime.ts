/**
 * Rollback safety at run time (issue 21): an outbox consumer that, for each batch of writes that can change a
 * rollback verdict, enqueues one evaluation per environment it may touch (coalesced: ten deployments to one
 * environment in a batch are one evaluation), and a worker that runs them (evaluate.ts). Deployments, releases and
 * their ends touch their environment; pacts, verifications, migrations, requirements and deletes touch every one.
 * Evidence stored later by a background job asks for its environments' evaluations itself (requests.ts).
 */
import type { Deps } from '../deps.ts';
import type { EventHandler, EventName } from '../domain/events.ts';
import { Worker, type Job } from '../queue/index.ts';
import { listEnvironments } from '../repositories/environments.ts';
import { evaluateEnvironment } from './evaluate.ts';
import { requestSafetyEvaluation, SAFETY_JOB } from './requests.ts';

const IN_ONE_ENVIRONMENT: EventName[] = [
  'deploymentRecorded',
  'undeploymentRecorded',
  'releaseRecorded',
  'supportEnded',
];
const IN_EVERY_ENVIRONMENT: EventName[] = [
  'pactsPublished',
  'verificationPublished',
  'providerContractPublished',
  'migrationRecorded',
  'migrationDeleted',
  'requirementRecorded',
  'requirementDeleted',
  'versionDeleted',
  'pacticipantDeleted',
];

/** The configured minimum time between two evaluations of one environment, in ms (a bad value means none). */
export function safetyIntervalMs(config: { rollbackSafetyIntervalSeconds: number }): number {
  const s = config.rollbackSafetyIntervalSeconds;
  return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}

const safetyEventHandler = (intervalMs: number): EventHandler => ({
  name: 'rollback-safety',
  events: [...IN_ONE_ENVIRONMENT, ...IN_EVERY_ENVIRONMENT],
  *handle(events) {
    const environments = new Set<number>();
    let every = false;
    for (const e of events) {
      if ('environmentId' in e.payload && IN_ONE_ENVIRONMENT.includes(e.name))
        environments.add(e.payload.environmentId);
      else every = true;
    }
    if (every) for (const env of yield* listEnvironments()) environments.add(env.id);
    // Keyed by the batch's last event: one evaluation per environment per batch (none where one is already queued),
    // and a later batch is new work.
    yield* requestSafetyEvaluation([...environments], `${events[events.length - 1]?.id ?? 0}`, intervalMs);
  },
});

/** The consumer (always, so work is queued on every instance) and, when `config.rollbackSafety` is on, the worker. */
export function startRollbackSafety(deps: Deps, opts: { pollIntervalMs?: number } = {}) {
  const worker = deps.config.rollbackSafety
    ? new Worker(deps.store, {
        handlers: {
          [SAFETY_JOB]: async (job: Job<{ environmentId: number }>) => {
            await evaluateEnvironment(deps, job.payload.environmentId);
          },
        },
        pollIntervalMs: opts.pollIntervalMs ?? 250,
        concurrency: 1,
        log: deps.log,
      }).start()
    : undefined;
  return {
    worker,
    handlers: deps.config.rollbackSafety ? [safetyEventHandler(safetyIntervalMs(deps.config))] : [],
    async close() {
      await worker?.stop();
    },
  };
}
