import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { allows, SCOPES, type Principal } from '../../auth/principal.ts';
import type { AuthSettings } from '../../auth/settings.ts';
import { sendError } from '../error-handler.ts';
import { currentContext } from '../../context/request-context.ts';
import { resolutionOf } from '../routing/dispatch.ts';
import { requirementOf, unmatchedRequirement } from '../routing/route.ts';
import { message } from '../../messages.ts';

const OPEN: Principal = { name: 'anonymous', kind: 'open', scopes: new Set(SCOPES) };
const PUBLIC: Principal = { name: 'anonymous', kind: 'public', scopes: new Set(['read']) };

type Credentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'malformed'; reason: string };

function credentials(req: Request): Credentials | undefined {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const m = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(header);
  if (!m) return { kind: 'malformed', reason: message('auth.malformed-header') };
  const scheme = m[1].toLowerCase();
  if (scheme === 'bearer') return { kind: 'bearer', token: m[2] };
  if (scheme === 'basic') {
    const decoded = Buffer.from(m[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'malformed', reason: message('auth.malformed-basic') };
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { kind: 'malformed', reason: message('auth.unsupported-scheme', { scheme: m[1] }) };
}

function challenge(res: Response, settings: AuthSettings, error?: string): void {
  if (settings.acceptsBearer)
    res.append('WWW-Authenticate', `Bearer realm="rollgate"${error ? `, error="${error}"` : ''}`);
  if (settings.acceptsBasic) res.append('WWW-Authenticate', 'Basic realm="rollgate", charset="UTF-8"');
}

/**
 * Authenticates every request and checks the scope of the route the table found for it (http/routes.ts;
 * no route: `read` for GET/HEAD/OPTIONS, `admin` otherwise): 401 with WWW-Authenticate when the
 * caller is unknown, 403 when a known caller lacks the scope. Stores the principal in the request
 * context so write hooks (the audit log) know who wrote.
 */
export function authenticate(settings: AuthSettings, opts: { publicBadges?: boolean } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = currentContext();
    const found = resolutionOf(res);
    const needs =
      found.kind === 'route'
        ? found.route.badge && opts.publicBadges
          ? 'public'
          : requirementOf(found.route)
        : unmatchedRequirement(req.method);
    if (!settings.enabled) {
      if (ctx) ctx.principal = OPEN;
      return next();
    }
    // Public routes (the heartbeat) answer whatever credentials come with them.
    if (needs === 'public') return next();
    const creds = credentials(req);
    let principal: Principal | undefined;
    if (creds === undefined) {
      if (settings.publicRead && allows(PUBLIC.scopes, needs)) principal = PUBLIC;
      else {
        challenge(res, settings);
        return sendError(req, res, 401, [{ path: 'base', message: message('auth.required') }]);
      }
    } else if (creds.kind === 'malformed') {
      challenge(res, settings, 'invalid_request');
      return sendError(req, res, 401, [{ path: 'base', message: message('auth.malformed', { reason: creds.reason }) }]);
    } else {
      principal =
        creds.kind === 'bearer' ? settings.byToken(creds.token) : settings.byBasic(creds.username, creds.password);
      if (!principal) {
        challenge(res, settings, creds.kind === 'bearer' ? 'invalid_token' : undefined);
        const text = message(creds.kind === 'bearer' ? 'auth.unknown-token' : 'auth.unknown-user');
        return sendError(req, res, 401, [{ path: 'base', message: text }]);
      }
    }
    if (ctx) ctx.principal = principal;
    if (!allows(principal.scopes, needs)) {
      const has = [...principal.scopes].join(', ') || 'none';
      return sendError(req, res, 403, [
        {
          path: 'base',
          message: message('auth.forbidden', {
            who: principal.kind === 'public' ? 'Anonymous access' : `"${principal.name}"`,
            method: req.method,
            path: req.path,
            needs: needs.map((s) => `"${s}"`).join(' or '),
            has,
          }),
        },
      ]);
    }
    next();
  };
}
