import { setImmediate } from 'node:timers/promises';
import { ContractError } from '../../../contracts/src/errors.ts';
import { type ComparatorPool, PoolTaskError } from '../../../contracts/src/openapi/comparator/index.ts';
import type { EventHandler } from '../domain/events.ts';
import {
  changesQuestion,
  storedAnswer,
  type ChangesAnswer,
  type ChangesQuestion,
} from '../domain/openapi-changes/answer.ts';
import {
  changesJob,
  OPENAPI_CHANGES_EVENTS,
  OPENAPI_CHANGES_JOB,
  planOpenApiChanges,
  type OpenApiChangesJob,
  type PlannedChanges,
} from '../domain/openapi-changes/plan.ts';
import { documentText } from '../domain/evidence/queries.ts';
import type { Deps } from '../deps.ts';
import { enqueue, requeue, Worker, type Job } from '../queue/index.ts';
import type { Store } from '../storage/port.ts';
import type { Program } from '../storage/sql.ts';
import { openApiChangesKnown, saveOpenApiChanges } from '../repositories/openapi-changes.ts';
import { message } from '../messages.ts';

/** The outbox consumer: queues the document diffs a batch of publications and deployments makes needed. */
const openApiChangesEventHandler: EventHandler = {
  name: 'openapi-changes',
  events: OPENAPI_CHANGES_EVENTS,
  *handle(events) {
    for (const job of yield* planOpenApiChanges(events)) yield* enqueue(job.kind, job.key, job.payload);
  },
};

/**
 * What changed between two versions of a provider's OpenAPI document (issue 20), computed in the background: the
 * `openapi-changes` event handler queues the pairs (domain/openapi-changes/plan.ts), and a job worker has each diff
 * computed in a comparator worker thread (contracts/openapi-diff, under the pool's time and memory limits), then
 * stores it. The HTTP thread only reads the two stored texts and writes the answer. A document the engine cannot read
 * is stored as a failure (the answer is then unknown, never "no change").
 */
export function startOpenApiChanges(deps: Deps, pool: ComparatorPool, opts: { pollIntervalMs?: number } = {}) {
  const { store } = deps;
  const diff = async (job: Job<OpenApiChangesJob>) => {
    await setImmediate();
    const { base, revision } = await store.read(function* () {
      return {
        base: yield* documentText(job.payload.baseContractId),
        revision: yield* documentText(job.payload.revisionContractId),
      };
    });
    if (!base || !revision) return;
    const started = Date.now();
    let outcome: { result?: Awaited<ReturnType<ComparatorPool['diffOpenApi']>>; failure?: string };
    // A contract stored as given because it is no OpenAPI document (its document is JSON null) has nothing to diff.
    if (base.document === 'null' || revision.document === 'null')
      outcome = { failure: message('provider-contract.unreadable-changes') };
    else
      try {
        outcome = { result: await pool.diffOpenApi(base.document, revision.document) };
      } catch (e) {
        // Shutting down is no answer: the job runs again. A document the engine refuses, or a diff over the time or
        // memory limit, is: stored as a failure.
        if (e instanceof PoolTaskError && e.reasonCode === 'pool.closed') throw e;
        if (!(e instanceof ContractError) && !(e instanceof PoolTaskError)) throw e;
        outcome = { failure: e.message };
      }
    await setImmediate();
    await store.write(() =>
      saveOpenApiChanges({
        baseSha: base.content_sha,
        revisionSha: revision.content_sha,
        result: outcome.result,
        failure: outcome.failure,
        breaking: outcome.result?.findings.some((f) => f.level === 'ERR') ?? false,
        durationMs: Date.now() - started,
      }),
    );
  };
  const worker = new Worker(store, {
    handlers: { [OPENAPI_CHANGES_JOB]: diff },
    pollIntervalMs: opts.pollIntervalMs ?? 200,
    concurrency: 2,
    log: deps.log,
  }).start();
  return {
    worker,
    handlers: [openApiChangesEventHandler],
    async close() {
      await worker.stop();
    },
  };
}

/**
 * `GET .../version/{v}/changes?against={w}`: the stored diff from w's document to v's. A pair never stored is queued
 * (computed in the background, like the ones publications plan) and answered `pending`: never an empty list, which
 * would read as "no change".
 */
export async function answerOpenApiChanges(store: Store, q: ChangesQuestion): Promise<ChangesAnswer> {
  const found = await store.read(() => changesQuestion(q));
  if (found.answer) return found.answer;
  const planned = changesJob(found.base, found.revision);
  return store.write(function* (): Program<ChangesAnswer> {
    const job = yield* queueOne(planned);
    if (job.status === 'queued' || job.status === 'running') return { status: 'pending' };
    // The job ran and its answer is stored (between the read and this write), or it gave up for good.
    const stored = yield* storedAnswer(found.base, found.revision);
    if (stored) return stored;
    if (job.status === 'failed') return { status: 'failed', failure: job.lastError ?? '' };
    yield* requeue(job.id);
    return { status: 'pending' };
  });
}

/** Queues one diff job (keyed by the documents' hashes: queueing it twice is one job) and returns it. */
function* queueOne(planned: PlannedChanges) {
  return (yield* enqueue(planned.kind, planned.key, planned.payload)).job;
}

/**
 * Queues diffs an answer found missing (can-i-deploy with `failOnOpenApiBreaking`: domain/matrix/openapi-changes.ts),
 * as the on-demand `changes?against=` does: the same job the planner would queue, idempotently keyed. A job that
 * finished without storing an answer (its documents were read before they were stored) runs again; one that gave up
 * for good stays given up (the answer stays unknown).
 */
export async function queueChanges(store: Store, planned: readonly PlannedChanges[]): Promise<void> {
  if (!planned.length) return;
  await store.write(function* (): Program<void> {
    for (const p of planned) {
      const job = yield* queueOne(p);
      if (job.status === 'done' && !(yield* openApiChangesKnownByKey(p.key))) yield* requeue(job.id);
    }
  });
}

/** Whether the diff of a job's key (`baseSha>revisionSha`) is stored. */
function* openApiChangesKnownByKey(key: string): Program<boolean> {
  const [base, revision] = key.split('>');
  return yield* openApiChangesKnown(base, revision);
}
