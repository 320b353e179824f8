import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnsupportedMediaTypeError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { hostName } from './host-check.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json` and every `application/*+json` (merge-patch, hal, problem): what no HTML form can send. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length.trim() !== '0');
}

/** Whether an Origin header names this broker (the request's own host, or the base URL's origin). */
function sameOrigin(origin: string, req: Request, baseUrl: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (baseUrl) {
    try {
      if (new URL(baseUrl).origin === url.origin) return true;
    } catch {
      // an unusable base URL: compare with the Host below
    }
  }
  const host = req.get('host');
  return host !== undefined && url.host.toLowerCase() === host.trim().toLowerCase() && hostName(host) !== '';
}

/**
 * Writes from browsers of other sites are refused (cross-site request forgery: a plain HTML form on any page would
 * otherwise record deployments in the browser of a signed-in user, or of anyone when the broker runs open):
 * - a write carrying a body must be JSON (`application/json` or `application/*+json`), which a form cannot send
 *   and a cross-site fetch cannot send without a CORS preflight the broker never grants: 415 otherwise;
 * - a body-less write (the DELETEs and empty POSTs of the Pact clients) may have a JSON Content-Type or none; a
 *   browser adds an Origin to it, which must then be this broker's;
 * - an Origin of another site, or Sec-Fetch-Site other than same-origin / none (typed URL), is refused: 403.
 * The Pact clients (pact-broker CLI, pact-js Verifier) send JSON and no Origin, and pass.
 */
export function refuseCrossSite(baseUrl: string | undefined): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const method = req.method.toUpperCase();
    if (SAFE.has(method)) return next();
    const site = req.get('sec-fetch-site')?.trim().toLowerCase();
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new ForbiddenError(message('http.cross-site', { method, why: message('http.cross-site-fetch', { site }) }));
    const origin = req.get('origin');
    if (origin !== undefined && !sameOrigin(origin, req, baseUrl))
      throw new ForbiddenError(
        message('http.cross-site', {
          method,
          why: message('http.cross-site-origin', { origin: origin.slice(0, 200) }),
        }),
      );
    const type = req.get('content-type');
    if (hasBody(req)) {
      if (!isJsonMediaType(type))
        throw new UnsupportedMediaTypeError(message('body.write-needs-json', { method, type: type || '(none)' }));
    } else if (type !== undefined && type.trim() !== '') {
      if (!isJsonMediaType(type))
        throw new UnsupportedMediaTypeError(message('body.bodyless-write-type', { method, type: type.slice(0, 200) }));
    }
    next();
  };
}
