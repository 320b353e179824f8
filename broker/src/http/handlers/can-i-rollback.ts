import type { Request, Response } from 'express';
import { canIRollbackAny, canIRollbackSet, renderReason, renderWarning } from '../../gate/rollback/index.ts';
import type {
  RollbackAnyAnswer,
  RollbackReason,
  RollbackSetAnswer,
  RollbackWarning,
} from '../../gate/rollback/index.ts';
import { answerCacheFor, rollbackDataStamp } from '../../domain/rollback/answer-cache.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { gatherRollbackWorld } from '../../domain/rollback/gather.ts';
import { ValidationError } from '../../errors.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { sendHal } from '../../links/hal.ts';
import { rackQuery, scalar, type RackValue } from '../rack-query.ts';
import { addVerificationRequestTimes } from '../../webhooks/repository.ts';

/** Reads the query: `pacticipant=A` (repeatable), `q[][pacticipant]=A&q[][version]=V`, `steps=N`, `ignore=C` (repeatable). */
export function parseRollbackQuery(req: Request) {
  const raw = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  const flat = new URLSearchParams(raw);
  const nested = rackQuery(req);
  const environment = flat.get('environment');
  if (!environment)
    throw ValidationError.of('environment', 'is required: the environment whose services would roll back');
  const targets: RollbackTarget[] = flat
    .getAll('pacticipant')
    .filter(Boolean)
    .map((pacticipant) => ({ pacticipant }));
  const q = nested.q;
  if (q !== undefined) {
    if (!Array.isArray(q))
      throw ValidationError.of('q', 'must be a list of selectors: q[][pacticipant]=A&q[][version]=1.0.0');
    q.forEach((sel: RackValue, i) => {
      const s = sel && typeof sel === 'object' && !Array.isArray(sel) ? sel : {};
      const pacticipant = scalar(s.pacticipant);
      if (!pacticipant) throw ValidationError.of(`q[${i}].pacticipant`, 'is required');
      const version = scalar(s.version);
      targets.push({ pacticipant, ...(version ? { version } : {}) });
    });
  }
  const ignore = [...flat.getAll('ignore'), ...flat.getAll('ignore[]'), ...flat.getAll('ignore[][pacticipant]')].filter(
    Boolean,
  );
  const stepsText = flat.get('steps');
  const steps = stepsText === null ? undefined : Number(stepsText);
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1 || steps > 100))
    throw ValidationError.of('steps', 'must be a whole number from 1 to 100');
  return { environment, targets, ignore, steps };
}

/**
 * `GET /can-i-rollback`: with pacticipants, whether rolling back that set is safe, the pairs it
 * creates, the smallest safe set and the plan; without, the any-subset analysis.
 */
export const canIRollbackHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const q = parseRollbackQuery(req);
  const cache = answerCacheFor(deps.store);
  const key = JSON.stringify(q);
  const computed = await deps.store.read(function* () {
    // The stamp and the data come from one snapshot, so a cached answer is never staler than the stamp says.
    const stamp = yield* rollbackDataStamp();
    const cached = cache.get<RollbackAnswer>(key, stamp);
    if (cached) return cached;
    const world = yield* gatherRollbackWorld(q);
    const answer: RollbackAnswer = q.targets.length
      ? withText(canIRollbackSet(world, { targets: q.targets, steps: q.steps, ignore: q.ignore }))
      : withText(canIRollbackAny(world, { steps: q.steps, ignore: q.ignore }));
    cache.set(key, stamp, answer);
    return answer;
  });
  // Unknown pairs say when rollgate asked a provider pipeline for their verification (issue 10).
  const answer = await deps.store.read(() => addVerificationRequestTimes(computed));
  const l = linker(req);
  sendHal(res, 200, { ...answer, _links: { self: l.link(req.originalUrl) } });
};

type RollbackAnswer = RollbackSetAnswer | RollbackAnyAnswer;

/** Typed reasons keep their ids and fields; each also gets its English `message` for people and simple clients. */
const reasonsWithText = (rs: RollbackReason[]) => rs.map((r) => ({ ...r, message: renderReason(r) }));

function withText<
  T extends {
    warnings?: RollbackWarning[];
    reasons?: RollbackReason[];
    pacticipants?: { reasons: RollbackReason[] }[];
  },
>(a: T): T {
  return {
    ...a,
    ...(a.reasons ? { reasons: reasonsWithText(a.reasons) } : {}),
    ...(a.warnings ? { warnings: a.warnings.map((w) => ({ ...w, message: renderWarning(w) })) } : {}),
    ...(a.pacticipants
      ? { pacticipants: a.pacticipants.map((p) => ({ ...p, reasons: reasonsWithText(p.reasons) })) }
      : {}),
  };
}
