import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { resolutionOf } from '../routing/dispatch.ts';

const decode = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined; // a malformed escape is answered where the value is read
  }
};

/**
 * Refuses U+0000 (NUL) in path parameters and query parameters, naming where. PostgreSQL text cannot hold it while
 * SQLite stores it, so the stores would disagree (and PostgreSQL answered 500): both refuse it here, before any read
 * or write. Request bodies are checked where they are parsed (json-body.ts).
 */
export function refuseNul(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const found = resolutionOf(res);
    if (found.kind === 'route') {
      for (const [name, raw] of Object.entries(found.params))
        if (/%00/.test(raw) && decode(raw)?.includes('\u0000')) throw ValidationError.of(name, message('body.nul'));
    }
    const q = req.originalUrl.indexOf('?');
    if (q >= 0 && /%00/.test(req.originalUrl.slice(q))) {
      for (const pair of req.originalUrl.slice(q + 1).split('&')) {
        const eq = pair.indexOf('=');
        const key = decode(eq < 0 ? pair : pair.slice(0, eq)) ?? pair;
        const value = eq < 0 ? '' : (decode(pair.slice(eq + 1)) ?? '');
        if (key.includes('\u0000') || value.includes('\u0000'))
          throw ValidationError.of(key.split('\u0000').join('\\u0000'), message('body.nul'));
      }
    }
    next();
  };
}
