import {
  apiWarningsOfSet,
  renderApiRemoved,
  type ApiRemovedWarning,
  canIRollbackAny,
  canIRollbackSet,
  renderReason,
  renderWarning,
  type RollbackAnyAnswer,
  type RollbackReason,
  type RollbackSetAnswer,
  type RollbackWarning,
} from '../../gate/rollback/index.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import type { Store } from '../../storage/port.ts';
import { answerStamp } from '../../storage/answer-stamps.ts';
import { environmentByNameOr400 } from '../lookup.ts';
import { answerCacheFor } from './answer-cache.ts';
import { gatherRollbackWorld } from './gather.ts';

/**
 * Reasons that say evidence is still being computed (or was never queued, which the planner may yet do): an answer
 * with one of them is not cached, since what changes it (a queued job finishing or giving up) need not move a stamp.
 */
const PROVISIONAL_REASONS = new Set(['comparison-pending', 'comparison-not-queued', 'subsumption-pending']);

/** A set answer's warnings include what rolling back removes from a provider's API (`api-removed-on-rollback`). */
export type RollbackSetAnswerWithApi = Omit<RollbackSetAnswer, 'warnings'> & {
  warnings: (RollbackWarning | ApiRemovedWarning)[];
};
export type RollbackAnswer = RollbackSetAnswerWithApi | RollbackAnyAnswer;

export interface RollbackQuestion {
  environment: string;
  targets: RollbackTarget[];
  ignore: string[];
  steps?: number;
}

/** Typed reasons keep their ids and fields; each also gets its English `message` for people and simple clients. */
const reasonsWithText = (rs: RollbackReason[]) => rs.map((r) => ({ ...r, message: renderReason(r) }));

const warningText = (w: RollbackWarning | ApiRemovedWarning) =>
  w.id === 'api-removed-on-rollback' ? renderApiRemoved(w) : renderWarning(w);

function withText<
  T extends {
    warnings?: (RollbackWarning | ApiRemovedWarning)[];
    reasons?: RollbackReason[];
    pacticipants?: { reasons: RollbackReason[] }[];
  },
>(a: T): T {
  return {
    ...a,
    ...(a.reasons ? { reasons: reasonsWithText(a.reasons) } : {}),
    ...(a.warnings ? { warnings: a.warnings.map((w) => ({ ...w, message: warningText(w) })) } : {}),
    ...(a.pacticipants
      ? { pacticipants: a.pacticipants.map((p) => ({ ...p, reasons: reasonsWithText(p.reasons) })) }
      : {}),
  };
}

/**
 * can-i-rollback: with targets, whether rolling back that set is safe, the pairs it creates, the
 * smallest safe set and the plan; without, the any-subset analysis. Answers for unchanged data come
 * from the store's answer cache.
 */
export function answerCanIRollback(store: Store, q: RollbackQuestion): Promise<RollbackAnswer> {
  const cache = answerCacheFor(store);
  const key = JSON.stringify(q);
  return store.read(function* () {
    // The stamp and the data come from one snapshot, so a cached answer is never staler than the stamp says. The
    // stamp is the environment's (storage/answer-stamps.ts): a write elsewhere leaves this answer valid.
    const env = yield* environmentByNameOr400(q.environment);
    const stamp = `${env.id}:${yield* answerStamp(env.id)}`;
    const cached = cache.get<RollbackAnswer>(key, stamp);
    if (cached) return cached;
    const world = yield* gatherRollbackWorld(q);
    let answer: RollbackAnswer;
    if (q.targets.length) {
      const set = canIRollbackSet(world, { targets: q.targets, steps: q.steps, ignore: q.ignore });
      answer = withText({ ...set, warnings: [...set.warnings, ...apiWarningsOfSet(world, set)] });
    } else answer = withText(canIRollbackAny(world, { steps: q.steps, ignore: q.ignore }));
    if (!world.evidence.some((e) => e.reasons.some((r) => PROVISIONAL_REASONS.has(r.id))))
      cache.set(key, stamp, answer);
    return answer;
  });
}
