import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { sendError } from '../error-handler.ts';
import type { Route } from './route.ts';
import type { Resolution, RouteTable } from './table.ts';

/** The table's answer for this request, found once by `resolveRoute` and read by auth, metrics and dispatch. */
export function resolutionOf(res: Response): Resolution {
  return (res.locals.resolution as Resolution | undefined) ?? { kind: 'none' };
}

/** First in the chain after the request context: finds the route, so authentication can read its scope. */
export function resolveRoute(table: RouteTable): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.resolution = table.resolve(req.method, req.path);
    next();
  };
}

/** Path parameters are decoded only now, after authentication: a malformed one is a 400 (as express answers). */
function decodeParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      out[name] = decodeURIComponent(value);
    } catch (e) {
      if (!(e instanceof URIError)) throw e;
      throw ValidationError.of('base', message('http.bad-path-parameter', { value }));
    }
  }
  return out;
}

/**
 * Runs the route the table found (express's async error handling applies: a rejected handler goes to
 * the error handler), answers OPTIONS and 405 with `Allow` for a path known under other methods, and
 * passes anything else on (to the 404).
 */
export function dispatch(table: RouteTable, deps: Deps): RequestHandler {
  const handlers = new Map<Route, RequestHandler>(table.routes.map((r) => [r, r.handler(deps)]));
  return (req: Request, res: Response, next: NextFunction) => {
    const found = resolutionOf(res);
    if (found.kind === 'none') return next();
    if (found.kind === 'other-methods') {
      res.set('Allow', found.allow.join(', '));
      if (req.method === 'OPTIONS') return void res.status(204).end();
      return sendError(req, res, 405, [
        {
          path: 'base',
          message: message('http.method-not-allowed', {
            method: req.method,
            path: req.path,
            allow: found.allow.join(', '),
          }),
        },
      ]);
    }
    req.params = decodeParams(found.params);
    return (handlers.get(found.route) as RequestHandler)(req, res, next);
  };
}
