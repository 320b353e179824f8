/**
 * One evaluation of an environment's rollback safety (issue 21): the any-subset verdict of each deployed pacticipant,
 * compared with the verdicts kept from the evaluation before. Each change is recorded with its reason and the writes
 * audited since that evaluation, and emitted as the domain event `rollbackSafetyChanged` (audited; webhooks fire
 * `rollback_safety_changed`). A pacticipant seen for the first time is recorded only when it cannot roll back alone:
 * a service that just arrived with nothing to roll back to is no news, and neither is one safe state turning into the
 * other (`no-prior` to `independent`: a service that gained a prior version).
 */
import type { Deps } from '../deps.ts';
import {
  anySubsetQuestion,
  computeRollbackAnswer,
  rememberAnswer,
  type RollbackAnyAnswerWithApi,
} from '../domain/rollback/answer.ts';
import { canIRollbackAny, renderReason, requiredPairs, type RollbackAnyAnswer } from '../gate/rollback/index.ts';
import { isProvisional } from '../domain/evidence/resolve.ts';
import { gatherRollbackWorld } from '../domain/rollback/gather.ts';
import { nowIso } from '../repositories/clock.ts';
import { findEnvironmentById } from '../repositories/environments.ts';
import { pacticipantIds } from '../repositories/pacticipants.ts';
import { namedRead } from '../storage/named-read.ts';
import { addChange, dropVerdict, markEvaluated, saveVerdict, storedVerdicts, writesSince } from './repository.ts';

/** At most this many writes are kept with a change (the newest). */
const WRITES_PER_CHANGE = 10;
const QUIET = new Set(['independent', 'no-prior']);

/** The number of pairs in play (current, prior and released versions) that have no evidence either way. */
function unknownPairs(world: Parameters<typeof requiredPairs>[0] & { evidence: { verdict: string }[] }): number {
  const known = new Set(
    world.evidence
      .filter((e) => e.verdict !== 'unknown')
      .map((e) => {
        const r = e as unknown as {
          consumer: string;
          consumerVersion: string;
          provider: string;
          providerVersion: string;
        };
        return `${r.consumer}\u0000${r.consumerVersion}\u0000${r.provider}\u0000${r.providerVersion}`;
      }),
  );
  return requiredPairs(world).filter(
    (p) => !known.has(`${p.consumer}\u0000${p.consumerVersion}\u0000${p.provider}\u0000${p.providerVersion}`),
  ).length;
}

const reasonOf = (p: RollbackAnyAnswer['pacticipants'][number]): string =>
  p.reasons.length > 0
    ? renderReason(p.reasons[0])
    : p.verdict === 'no-prior'
      ? 'nothing to roll back to yet'
      : 'can roll back on its own';

/**
 * An environment's any-subset verdicts and its count of pairs without evidence, as one named read (a reader thread
 * on SQLite), with the whole answer when it may be cached for the API and the pages. Undefined when the environment is
 * gone.
 */
export const safetyAnswerRead = namedRead(
  import.meta.url,
  'safetyAnswerRead',
  function* (environmentId: number) {
    const env = yield* findEnvironmentById(environmentId);
    if (!env) return undefined;
    const world = yield* gatherRollbackWorld({ environment: env.name });
    const unknown = unknownPairs(world);
    if (world.evidence.some(isProvisional)) {
      // Evidence still being computed: no answer to keep, so the verdicts alone (the analysis, none of the words of
      // the answer's thousands of reasons and warnings, nor its API warnings).
      const any = canIRollbackAny(world, {});
      return { env, stamped: undefined, verdicts: verdictsOf(any), unknown };
    }
    // The question the API and the pages ask, so the answer can serve them too (rememberAnswer). Its world is the one
    // just read, kept by the store (domain/rollback/world-memo.ts), with the API warnings' diffs besides.
    const { world: _, ...stamped } = yield* computeRollbackAnswer(anySubsetQuestion(env.name));
    return {
      env,
      // The whole answer (4 MB at 300 services, copied to the event loop) only when it may be cached.
      stamped: stamped.cacheable ? stamped : undefined,
      verdicts: verdictsOf(stamped.answer as RollbackAnyAnswerWithApi),
      unknown,
    };
  },
  { background: true },
);

const verdictsOf = (any: RollbackAnyAnswer) =>
  any.pacticipants.map((p) => ({ name: p.name, verdict: p.verdict, reason: reasonOf(p) }));

/** Evaluates one environment and records what changed; returns how many verdicts changed. */
export async function evaluateEnvironment(deps: Deps, environmentId: number): Promise<number> {
  // The writes a change lists are those audited since the previous evaluation's read began: a write that lands while
  // this one reads (a reader thread may take a while) is listed by the next.
  const readAt = nowIso();
  const seen = await deps.store.readNamed(safetyAnswerRead, environmentId);
  if (!seen) return 0; // the environment was deleted meanwhile
  const { verdicts, unknown } = seen;
  // The environment's any-subset answer, computed anyway: the next request for it finds it warm.
  if (seen.stamped) rememberAnswer(deps.store, anySubsetQuestion(seen.env.name), seen.stamped);
  return deps.store.write(function* () {
    const before = new Map((yield* storedVerdicts(environmentId)).map((v) => [v.pacticipant, v]));
    const since = yield* markEvaluated(environmentId, unknown, readAt);
    const ids = yield* pacticipantIds(verdicts.map((p) => p.name));
    let writes: string[] | undefined;
    let changed = 0;
    for (const p of verdicts) {
      const id = ids.get(p.name);
      if (id === undefined) continue; // deleted meanwhile
      const { reason } = p;
      const prev = before.get(p.name);
      before.delete(p.name);
      // A verdict stored as it is stays as it is: one statement per service that changed, not per service.
      if (prev?.verdict !== p.verdict || prev.reason !== reason)
        yield* saveVerdict(environmentId, id, p.verdict, reason);
      // No news: the same verdict, or one safe state for another (a service that gained a prior version).
      if (prev ? prev.verdict === p.verdict || (QUIET.has(prev.verdict) && QUIET.has(p.verdict)) : QUIET.has(p.verdict))
        continue;
      writes ??= yield* writesSince(since, WRITES_PER_CHANGE);
      changed++;
      yield* addChange({
        environmentId,
        pacticipantId: id,
        previous: prev?.verdict ?? null,
        verdict: p.verdict,
        reason,
        writes,
      });
      yield* deps.hooks.emit('rollbackSafetyChanged', {
        environmentId,
        environment: seen.env.name,
        pacticipantId: id,
        pacticipant: p.name,
        previousVerdict: prev?.verdict ?? null,
        verdict: p.verdict,
        reason,
      });
    }
    // No longer deployed there: nothing to watch.
    for (const gone of before.values()) yield* dropVerdict(environmentId, gone.pacticipant_id);
    return changed;
  });
}
