import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BrokerMetrics } from '../metrics/registry.ts';
import { runWithContext, type RequestLimits } from '../../context/request-context.ts';
import { resolutionOf } from '../routing/dispatch.ts';

/** An incoming X-Request-Id is echoed when it is short and plain; anything else gets a fresh id. */
const VALID_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The route pattern that answered (bounded label set for metrics); `unmatched` for a 404 or 405 with no route. */
function routeLabel(req: Request, res: Response): string {
  const found = resolutionOf(res);
  if (found.kind === 'route') return found.route.path;
  // Routes added outside the table (tests) are express's.
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

/**
 * The first middleware: gives each request an id (X-Request-Id, echoed when valid), runs the rest of
 * the request inside its context (request-context.ts), and when the response is finished writes one
 * structured log line (method, route, status, ms, principal) and the request metrics.
 */
export function requestContext(log: Logger, metrics: BrokerMetrics, limits: RequestLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const ctx = { requestId, limits, principal: undefined as undefined | import('../../auth/principal.ts').Principal };
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req, res);
      const status = res.headersSent ? res.statusCode : 499;
      metrics.observeRequest(req.method, route, status, seconds);
      const line = {
        reqId: requestId,
        method: req.method,
        route,
        path: req.path,
        status,
        ms: Math.round(seconds * 1000 * 10) / 10,
        ...(ctx.principal ? { principal: ctx.principal.name, auth: ctx.principal.kind } : {}),
      };
      if (status >= 500) log.error(line, 'request');
      else log.info(line, 'request');
    };
    res.once('finish', done);
    res.once('close', done);
    runWithContext(ctx, () => next());
  };
}
