import { ContractError } from '../../../contracts/src/errors.ts';
import { setImmediate } from 'node:timers/promises';
import { ComparatorPool, PoolTaskError } from '../../../contracts/src/openapi/comparator/index.ts';
import { enqueueAll, Worker, type Job } from '../queue/index.ts';
import { environmentsOfComparison, environmentsOfSubsumption } from '../repositories/deployments.ts';
import { saveComparison, saveSubsumption } from '../repositories/evidence.ts';
import { requestSafetyEvaluation } from '../safety/requests.ts';
import { safetyIntervalMs } from '../safety/runtime.ts';
import { touchEnvironments } from '../storage/answer-stamps.ts';
import type { Deps } from '../deps.ts';
import type { EventHandler } from '../domain/events.ts';
import {
  COMPARE_JOB,
  EVIDENCE_EVENTS,
  SUBSUME_JOB,
  planEvidenceRead,
  type CompareJob,
  type PlannedJob,
  type SubsumeJob,
} from '../domain/evidence/precompute.ts';
import { documentText, pactText, pactVersionRef } from '../domain/evidence/queries.ts';

/**
 * The outbox consumer: queues the comparisons and subsumption checks a batch of events makes needed. The planning
 * reads (relevant versions, publications, stored answers) run before the batch's transaction (`planEvidenceRead`, in a
 * reader thread when there are any); the transaction only queues the keyed jobs.
 */
const evidenceEventHandler: EventHandler<PlannedJob[]> = {
  name: 'evidence',
  events: EVIDENCE_EVENTS,
  prepare: planEvidenceRead,
  *handle(_events, planned) {
    yield* enqueueAll(planned);
  },
};

/**
 * Static evidence, computed soon after the write: the `evidence` event handler (run by the event
 * dispatcher on the outbox, so the work survives a crash) queues comparisons and subsumption checks,
 * and a worker answers them off the HTTP event loop (comparisons and subsumption checks run in worker
 * threads with a time and memory limit).
 */
export function startEvidence(
  deps: Deps,
  opts: { pollIntervalMs?: number; timeoutMs?: number; pool?: ComparatorPool } = {},
) {
  const { store } = deps;
  const safetyWatch = deps.config.rollbackSafety;
  const safetyInterval = safetyIntervalMs(deps.config);

  // A pool given by the caller is shared (the OpenAPI diffs use it too) and closed by the caller.
  const ownPool = opts.pool === undefined;
  const pool = opts.pool ?? new ComparatorPool({ defaultTimeoutMs: opts.timeoutMs ?? 60_000 });
  // This thread serves HTTP: a job here only reads texts, posts them to a worker thread and stores
  // the answer. No pact or document is parsed or serialised on it, and each job first lets pending
  // requests run (setImmediate comes after the I/O phase).
  const compare = async (job: Job<CompareJob>) => {
    await setImmediate();
    const found = await store.read(function* () {
      return {
        pact: yield* pactText(job.payload.pactVersionId),
        contract: yield* documentText(job.payload.contractId),
        ref: yield* pactVersionRef(job.payload.pactVersionId),
      };
    });
    if (!found.pact || !found.contract) return;
    const { pact, contract } = found;
    const started = Date.now();
    let verdict: Awaited<ReturnType<typeof pool.compareText>>;
    try {
      // Grouped by provider: the pool takes comparisons round-robin by group (one provider's slow documents
      // delay another's comparison by one time budget at most).
      verdict = await pool.compareText(pact.content, contract.document, {
        documentHash: contract.content_sha,
        group: `provider:${found.ref?.provider_id ?? ''}`,
      });
    } catch (e) {
      if (!(e instanceof ContractError)) throw e;
      verdict = {
        result: 'unknown' as const,
        findings: [],
        engine: { name: 'rollgate', version: '0' },
        reason: e.message,
      };
    }
    // Shutting down is no answer: leave the job to be run again rather than store "unknown" for good.
    if (verdict.reasonCode === 'pool.closed') throw new Error(verdict.reason);
    await setImmediate();
    // A new verdict changes the answers of the environments where both the pact's consumer versions and a provider
    // version with this document are in play; an answer already stored changes nothing, and invalidates nothing.
    await store.write(function* () {
      const stored = yield* saveComparison({
        pactSha: pact.sha,
        documentSha: contract.content_sha,
        result: verdict.result,
        findings: verdict.findings,
        reason: verdict.reason,
        engineName: verdict.engine.name,
        engineVersion: verdict.engine.version,
        durationMs: Date.now() - started,
      });
      if (!stored) return;
      const environments = yield* environmentsOfComparison(pact.sha, contract.content_sha);
      yield* touchEnvironments(environments, { kind: 'comparison', pactSha: pact.sha });
      // New evidence can change a rollback verdict that no outbox event announces: ask for its evaluation.
      if (safetyWatch) yield* requestSafetyEvaluation(environments, `compare:${job.id}`, safetyInterval);
    });
  };
  const subsume = async (job: Job<SubsumeJob>) => {
    await setImmediate();
    const { a, b, ref } = await store.read(function* () {
      return {
        a: yield* pactText(job.payload.pactVersionId),
        b: yield* pactText(job.payload.byPactVersionId),
        ref: yield* pactVersionRef(job.payload.pactVersionId),
      };
    });
    if (!a || !b) return;
    let subsumed: boolean;
    let reason: string | undefined;
    try {
      const result = await pool.subsume(a.content, b.content, { group: `provider:${ref?.provider_id ?? ''}` });
      subsumed = result.subsumed;
      reason = result.subsumed ? undefined : `${result.interaction}: ${result.element}: ${result.reason}`;
    } catch (e) {
      // Over the time or memory limit: no proof, so "not subsumed" (the check is sound, not complete).
      if (!(e instanceof PoolTaskError) || e.reasonCode === 'pool.closed') throw e;
      subsumed = false;
      reason = `not checked: ${e.message}`;
    }
    await setImmediate();
    await store.write(function* () {
      if (!(yield* saveSubsumption(a.id, b.id, subsumed, reason))) return;
      const environments = yield* environmentsOfSubsumption(a.id, b.id);
      yield* touchEnvironments(environments, { kind: 'subsumption', pactVersionIds: [a.id, b.id] });
      if (safetyWatch) yield* requestSafetyEvaluation(environments, `subsume:${job.id}`, safetyInterval);
    });
  };
  const worker = new Worker(store, {
    handlers: { [COMPARE_JOB]: compare, [SUBSUME_JOB]: subsume },
    pollIntervalMs: opts.pollIntervalMs ?? 200,
    // Several claimed jobs wait in the pool at once, so it can take them round-robin by provider (its workers still
    // run one comparison each); leases are renewed while a job waits there.
    concurrency: 16,
    log: deps.log,
  }).start();
  return {
    worker,
    pool,
    handlers: [evidenceEventHandler],
    async close() {
      await worker.stop();
      if (ownPool) await pool.close();
    },
  };
}
