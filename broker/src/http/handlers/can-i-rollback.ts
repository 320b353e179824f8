import type { Request, Response } from 'express';
import { answerCanIRollback, type RollbackQuestion } from '../../domain/rollback/answer.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { ValidationError } from '../../errors.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { sendHal } from '../../links/hal.ts';
import { rackQuery, scalar, type RackValue } from '../rack-query.ts';
import { addVerificationRequestTimes } from '../../webhooks/repository.ts';
import { message } from '../../messages.ts';

/** Reads the query: `pacticipant=A` (repeatable), `q[][pacticipant]=A&q[][version]=V`, `steps=N`, `ignore=C` (repeatable). */
function parseRollbackQuery(req: Request): RollbackQuestion {
  const raw = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  const flat = new URLSearchParams(raw);
  const nested = rackQuery(req);
  const environment = flat.get('environment');
  if (!environment) throw ValidationError.of('environment', message('rollback.environment-required'));
  const targets: RollbackTarget[] = flat
    .getAll('pacticipant')
    .filter(Boolean)
    .map((pacticipant) => ({ pacticipant }));
  const q = nested.q;
  if (q !== undefined) {
    if (!Array.isArray(q)) throw ValidationError.of('q', message('rollback.q-not-a-list'));
    q.forEach((sel: RackValue, i) => {
      const s = sel && typeof sel === 'object' && !Array.isArray(sel) ? sel : {};
      const pacticipant = scalar(s.pacticipant);
      if (!pacticipant) throw ValidationError.of(`q[${i}].pacticipant`, message('input.required'));
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
    throw ValidationError.of('steps', message('rollback.bad-steps'));
  return { environment, targets, ignore, steps };
}

/**
 * `GET /can-i-rollback`: with pacticipants, whether rolling back that set is safe, the pairs it
 * creates, the smallest safe set and the plan; without, the any-subset analysis.
 */
export const canIRollbackHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const computed = await answerCanIRollback(deps.store, parseRollbackQuery(req));
  // Unknown pairs say when rollgate asked a provider pipeline for their verification (issue 10): the
  // readiness slice's data, added on top of the (cached) domain answer.
  const answer = await deps.store.read(() => addVerificationRequestTimes(computed));
  sendHal(res, 200, { ...answer, _links: { self: linker(req).link(req.originalUrl) } });
};
