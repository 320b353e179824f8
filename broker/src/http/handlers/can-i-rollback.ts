import type { Request, Response } from 'express';
import { answerCanIRollback, type RollbackQuestion } from '../../domain/rollback/answer.ts';
import { answerCacheFor } from '../../domain/rollback/answer-cache.ts';
import { capAnyAnswer, capSetAnswer, onlyOf, summaryOf } from '../../domain/rollback/detail.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { ValidationError } from '../../errors.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { rackQuery, scalar, type RackValue } from '../rack-query.ts';
import { verificationRequestTimes, withVerificationRequestTimes } from '../../webhooks/repository.ts';
import { RenderedBodies, sendRendered } from '../rendered-bodies.ts';
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
  // The any-subset answer has no targets for it to apply to (1 is the default, so it is accepted).
  if (steps !== undefined && steps > 1 && targets.length === 0)
    throw ValidationError.of('steps', message('rollback.steps-without-targets'));
  return { environment, targets, ignore, steps };
}

/**
 * `GET /can-i-rollback`: with pacticipants, whether rolling back that set is safe, the pairs it
 * creates, the smallest safe set and the plan; without, the any-subset analysis.
 */
export const canIRollbackHandler = (deps: Deps) => {
  // The JSON of answers served from the answer cache, per URL: a repeated question is sent as kept text.
  const bodies = new RenderedBodies();
  return async (req: Request, res: Response) => {
    const question = parseRollbackQuery(req);
    const view = parseDetail(req, question);
    const answer0 = await answerCanIRollback(deps.store, question);
    const l = linker(req);
    const key = `${l.base} ${req.originalUrl}`;
    // Only an answer the answer cache keeps is given again; the JSON of any other is not worth keeping.
    const keep = answerCacheFor(deps.store).holds(answer0);
    const self = { self: l.link(req.originalUrl) };
    if (view.summary && 'pacticipants' in answer0) {
      sendRendered(
        res,
        200,
        bodies.bodyFor(key, answer0, '', () => ({ ...summaryOf(answer0), _links: self }), keep),
      );
      return;
    }
    // A set answer lists at most SET_ANSWER_LIMITS reasons, warnings and pairs (about the services asked for first)
    // and says how many it left out in `more`; `detail=full` lists them all (issue 19).
    // The any-subset answer's API warnings list at most API_CHANGES_LIMIT changes each, unless `detail=full`.
    const computed =
      'pacticipants' in answer0
        ? ((a) => (view.full ? a : capAnyAnswer(a)))(view.only ? onlyOf(answer0, view.only) : answer0)
        : view.full
          ? answer0
          : capSetAnswer(answer0);
    // Unknown pairs say when rollgate asked a provider pipeline for their verification (issue 10): the
    // readiness slice's data, added on top of the (cached) domain answer, and read for every request.
    const times = await deps.store.read(() => verificationRequestTimes(computed));
    // The times in a stable order, so the same times are the same key whatever order the rows came in.
    const extra = JSON.stringify([...times].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const rendered = bodies.bodyFor(
      key,
      answer0,
      extra,
      () => ({ ...withResultUrls(withVerificationRequestTimes(computed, times), l), _links: self }),
      keep,
    );
    sendRendered(res, 200, rendered);
  };
};

/**
 * `detail=summary` (the any-subset answer without the pairs: domain/rollback/detail.ts) and `of=NAME` (repeatable:
 * the full reports of those services only). Both are about the any-subset answer, so neither goes with targets.
 * `detail=full` with targets: the set answer's lists whole, not capped.
 */
function parseDetail(req: Request, q: RollbackQuestion): { summary: boolean; full: boolean; only?: string[] } {
  const raw = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  const flat = new URLSearchParams(raw);
  const detail = flat.get('detail');
  if (detail !== null && detail !== 'summary' && detail !== 'full')
    throw ValidationError.of('detail', message('rollback.bad-detail'));
  const only = flat.getAll('of').filter(Boolean);
  if (q.targets.length && detail === 'summary')
    throw ValidationError.of('detail', message('rollback.detail-with-targets'));
  if (q.targets.length && only.length) throw ValidationError.of('of', message('rollback.detail-with-targets'));
  if (detail === 'summary' && only.length) throw ValidationError.of('of', message('rollback.of-with-summary'));
  return { summary: detail === 'summary', full: detail === 'full', ...(only.length ? { only } : {}) };
}

/** A failed verification's `verificationResult` path (domain/rollback/gather.ts) as a URL on this broker. */
function withResultUrls<T extends object>(answer: T, l: ReturnType<typeof linker>): T {
  const fix = (pairs: unknown) =>
    Array.isArray(pairs)
      ? pairs.map((p: { reasons?: { verificationResult?: unknown }[] }) =>
          p.reasons?.some((r) => typeof r.verificationResult === 'string')
            ? {
                ...p,
                reasons: p.reasons.map((r) =>
                  typeof r.verificationResult === 'string'
                    ? { ...r, verificationResult: l.url(r.verificationResult) }
                    : r,
                ),
              }
            : p,
        )
      : pairs;
  const a = answer as { pairs?: unknown; warnings?: unknown };
  return {
    ...answer,
    ...('pairs' in a ? { pairs: fix(a.pairs) } : {}),
    ...('warnings' in a ? { warnings: fix(a.warnings) } : {}),
  };
}
