import { rollbackMoves } from '../../gate/rollback/index.ts';
import type { EvidenceRow, RollbackWorld } from '../../gate/rollback/index.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { findPacticipant } from '../../repositories/pacticipants.ts';
import { whenIdle, type Program } from '../../storage/sql.ts';
import { findEnvironmentById } from '../../repositories/environments.ts';
import { routes } from '../../links/paths.ts';
import { environmentByNameOr400 } from '../lookup.ts';
import { evidenceKey, resolveEvidence, type PairEvidence } from '../evidence/resolve.ts';
import { KEPT_WORLDS, keptWorld, refreshKeptWorld } from './world-memo.ts';
import { gatherApiChanges, targetedMoves } from './api-changes.ts';
import { readStructure, vkey, type WorldStructure } from './structure.ts';

export interface RollbackQuery {
  environment: string;
  targets?: RollbackTarget[];
  steps?: number;
  ignore?: string[];
  /**
   * Without targets: also read each provider's own rollback's stored diff (the any-subset answer's `apiWarnings`).
   * The background readers of the any-subset verdict (safety, readiness) do not show them, so do not read them.
   */
  apiWarnings?: boolean;
}

/**
 * Gathers what the pure analysis needs, in one consistent read: each live instance's current and prior
 * version (the whole history only of a target asked back further or to a named version), its supported releases, the pacts of the versions in play, and the
 * evidence for exactly the pairs the analysis may read.
 *
 * Every other question of an environment (the any-subset question, targets without a version, one step back) reads
 * the same world: the store keeps it (world-memo.ts) and brings it up to date from what changed since, reading again
 * only the pairs whose evidence a write may have changed, and of its structure (structure.ts) only the lanes of a
 * pacticipant deployed there and the pacts of a version published.
 */
export function* gatherRollbackWorld(q: RollbackQuery): Program<RollbackWorld> {
  const env = yield* environmentByNameOr400(q.environment);
  for (const t of q.targets ?? []) {
    if (!(yield* findPacticipant(t.pacticipant)))
      throw ValidationError.of('pacticipant', message('pacticipant.not-found', { name: t.pacticipant }));
  }
  const steps = q.steps ?? 1;
  const wide = new Set((q.targets ?? []).filter((t) => t.version !== undefined || steps > 1).map((t) => t.pacticipant));
  const query = { steps: q.steps, ignore: q.ignore, targets: q.targets };
  // Without a wide target, what is in play does not depend on the question (every unit's target is its prior version).
  const { structure, evidence: found } = wide.size
    ? yield* freshWorld(yield* readStructure(env, query, wide))
    : yield* keptWorld<WorldStructure>(env.id, (base) => readStructure(env, {}, wide, base));
  if (!wide.size) yield* whenIdle(`${KEPT_WORLDS}:${env.id}`, () => refreshWorld(env.id));
  const { facts, versionIds, inPlay, pacts, pactOf, queries } = structure;
  // One literal per row, not spreads: rows that share one shape are several times cheaper for the
  // analysis to read (a spread gives each its own hidden class in V8), and 100,000 rows are common.
  const evidence: EvidenceRow[] = queries.map(({ pair, pactSha }, i) => {
    const e = found[i]!;
    return {
      consumer: pair.consumer,
      consumerVersion: pair.consumerVersion,
      provider: pair.provider,
      providerVersion: pair.providerVersion,
      verdict: e.verdict,
      evidence: e.evidence,
      reasons:
        e.verdict === 'incompatible' ? withResultPath(e.reasons, pair.provider, pair.consumer, pactSha) : e.reasons,
    };
  });
  return {
    ...facts,
    pacts,
    evidence,
    migrations: structure.migrations,
    declared: structure.declared,
    // The targeted answer warns about its targets' moves; the any-subset answer about every provider's own rollback.
    ...(yield* gatherApiChanges(
      facts,
      q.targets?.length
        ? targetedMoves(
            facts,
            q.targets.map((t) => t.pacticipant),
            inPlay,
          )
        : q.apiWarnings
          ? rollbackMoves(facts, query)
          : [],
      versionIds,
      pacts,
      (consumer, consumerVersion, provider) =>
        pactOf.get(`${vkey(consumer, consumerVersion)}\u0000${provider}`)?.pactVersionId,
    )),
  };
}

/** A reader thread's idle program: its kept world of the environment brought up to date (world-memo.ts). */
function* refreshWorld(environmentId: number): Program<boolean> {
  const env = yield* findEnvironmentById(environmentId);
  return (
    env !== undefined &&
    (yield* refreshKeptWorld<WorldStructure>(env.id, (base) => readStructure(env, {}, new Set(), base)))
  );
}

function* freshWorld(structure: WorldStructure): Program<{ structure: WorldStructure; evidence: PairEvidence[] }> {
  const resolved = yield* resolveEvidence(structure.queries);
  return {
    structure,
    evidence: structure.queries.map((q) => resolved.get(evidenceKey(q.pactVersionId, q.providerVersionId))!),
  };
}

/**
 * A failed verification's reason names the result it comes from (`verificationResult`, a path: the HTTP layer makes
 * it a URL), so whoever reads what failed can open the whole result.
 */
function withResultPath(
  reasons: EvidenceRow['reasons'],
  provider: string,
  consumer: string,
  sha: string,
): EvidenceRow['reasons'] {
  return reasons.map((r) =>
    r.id === 'verification-failed' && typeof r.verificationId === 'number'
      ? { ...r, verificationResult: routes.verification(provider, consumer, sha, r.verificationId) }
      : r,
  );
}
