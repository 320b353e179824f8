import { ContractError } from '../../../../contracts/src/errors.ts';
import { ComparatorPool } from '../../../../contracts/src/openapi/comparator/index.ts';
import { parsePact } from '../../../../contracts/src/pact/parse.ts';
import { isSubsumed } from '../../../../contracts/src/subsumption/index.ts';
import { Worker, type Job } from '../../queue/index.ts';
import { saveComparison, saveSubsumption } from '../../repositories/evidence.ts';
import { findPactVersionById } from '../../repositories/pacts.ts';
import { get, type Program } from '../../storage/sql.ts';
import type { Deps } from '../../http/deps.ts';
import type { ProviderContractRow } from '../../repositories/provider-contracts.ts';
import {
  COMPARE_JOB, SUBSUME_JOB, onDeployment, onPactForSubsumption, onPactPublished, onProviderContractPublished, onVerificationForSubsumption,
  type CompareJob, type SubsumeJob,
} from './precompute.ts';

function* contractById(id: number): Program<ProviderContractRow | undefined> {
  return yield* get<ProviderContractRow>('SELECT * FROM provider_contracts WHERE id = ?', [id]);
}

/**
 * Static evidence, computed at write time: hooks queue comparisons and subsumption checks inside the
 * write that makes them needed (so they survive a crash), and a worker answers them off the HTTP
 * event loop (comparisons run in worker threads with a time and memory limit).
 */
export function startEvidence(deps: Deps, opts: { pollIntervalMs?: number; timeoutMs?: number } = {}) {
  const { hooks, store } = deps;
  hooks.on('pactsPublished', function* (e) {
    for (const c of e.contracts) {
      if (c.status === 'same') continue;
      yield* onPactPublished(c.pactVersionId, c.providerId);
      yield* onPactForSubsumption(c.pactVersionId, e.consumerId, c.providerId);
    }
  });
  hooks.on('providerContractPublished', function* (e) {
    yield* onProviderContractPublished(e.providerId, e.providerVersionId);
  });
  hooks.on('deploymentRecorded', function* (e) {
    yield* onDeployment(e.environmentId);
  });
  hooks.on('releaseRecorded', function* (e) {
    yield* onDeployment(e.environmentId);
  });
  hooks.on('verificationPublished', function* (e) {
    if (e.success) yield* onVerificationForSubsumption(e.pactVersionId, e.consumerId, e.providerId);
  });

  const pool = new ComparatorPool({ defaultTimeoutMs: opts.timeoutMs ?? 60_000 });
  const compare = async (job: Job<CompareJob>) => {
    const found = await store.read(function* () {
      return { pact: yield* findPactVersionById(job.payload.pactVersionId), contract: yield* contractById(job.payload.contractId) };
    });
    if (!found.pact || !found.contract) return;
    const started = Date.now();
    let verdict;
    try {
      verdict = await pool.compare(JSON.parse(found.pact.content), JSON.parse(found.contract.document), { documentHash: found.contract.content_sha });
    } catch (e) {
      if (!(e instanceof ContractError)) throw e;
      verdict = { result: 'unknown' as const, findings: [], engine: { name: 'rollgate', version: '0' }, reason: e.message };
    }
    await store.write(() => saveComparison({
      pactSha: found.pact!.sha, documentSha: found.contract!.content_sha, result: verdict.result, findings: verdict.findings,
      reason: verdict.reason, engineName: verdict.engine.name, engineVersion: verdict.engine.version, durationMs: Date.now() - started,
    }));
  };
  const subsume = async (job: Job<SubsumeJob>) => {
    const { a, b } = await store.read(function* () {
      return { a: yield* findPactVersionById(job.payload.pactVersionId), b: yield* findPactVersionById(job.payload.byPactVersionId) };
    });
    if (!a || !b) return;
    const result = isSubsumed(parsePact(JSON.parse(a.content)), parsePact(JSON.parse(b.content)));
    const reason = result.subsumed ? undefined : `${result.interaction}: ${result.element}: ${result.reason}`;
    await store.write(() => saveSubsumption(a.id, b.id, result.subsumed, reason));
  };
  const worker = new Worker(store, {
    handlers: { [COMPARE_JOB]: compare, [SUBSUME_JOB]: subsume },
    pollIntervalMs: opts.pollIntervalMs ?? 200,
    concurrency: 1,
    log: deps.log,
  }).start();
  return {
    worker,
    pool,
    async close() {
      await worker.stop();
      await pool.close();
    },
  };
}
