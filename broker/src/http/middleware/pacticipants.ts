import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { auditRefusal, notOwned } from '../../auth/pacticipant-scope.ts';
import { describeScope } from '../../auth/principal.ts';
import { currentContext } from '../../context/request-context.ts';
import type { Deps } from '../../deps.ts';
import { ForbiddenError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { jsonBody } from '../json-body.ts';
import { resolutionOf } from '../routing/dispatch.ts';
import { requirementOf } from '../routing/route.ts';
import { touchedBy } from '../routing/written.ts';

function decoded(raw: Record<string, string>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeURIComponent(v)]));
  } catch {
    return undefined; // dispatch answers the malformed parameter with a 400 before any handler runs
  }
}

/**
 * Per-pacticipant authorisation, after authentication: a principal with a pacticipant scope (auth file
 * `pacticipants` / `labels`) may write only what touches its own pacticipants, as the route table's `writes` says
 * (path parameters, body fields, stored resources). Writes that belong to no pacticipant (`writes: []`:
 * environments) and admin-only reads (the audit log) stay with admins without a scope. A refusal is a 403 naming
 * the pacticipant, written to the audit log; nothing else of the request runs. The body is parsed once here
 * (json-body.ts keeps it for the handler).
 */
export function authorisePacticipants(deps: Deps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const ctx = currentContext();
    const principal = ctx?.principal;
    const found = resolutionOf(res);
    if (!principal?.pacticipants || found.kind !== 'route') return next();
    const route = found.route;
    const needs = requirementOf(route);
    const globalOnly =
      route.writes === undefined
        ? needs !== 'public' && needs.length === 1 && needs[0] === 'admin'
        : !route.writes.length;
    if (globalOnly)
      throw new ForbiddenError(
        message('auth.global-admin-only', { who: principal.name, method: req.method, path: req.path }),
      );
    if (!route.writes) return next();
    const params = decoded(found.params);
    if (!params) return next();
    const needsBody = route.writes.some((s) => 'body' in s || 'scopeIn' in s);
    const body = needsBody ? await jsonBody(req) : undefined;
    const touched = await touchedBy(deps.store, route, params, body);
    const refused = await deps.store.read(() => notOwned(principal, touched));
    if (refused === undefined) return next();
    await deps.store.write(() =>
      auditRefusal(principal, ctx?.requestId, { method: req.method, path: req.path }, touched, refused),
    );
    throw new ForbiddenError(
      message('auth.pacticipant-forbidden', {
        who: principal.name,
        method: req.method,
        path: req.path,
        pacticipant: refused,
        scope: describeScope(principal.pacticipants),
      }),
    );
  };
}
