import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response } from 'express';
import { BrokerError } from '../errors.ts';
import type { Deps } from '../deps.ts';
import { html, type Html } from './html.ts';
import { page } from './layout.ts';

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const ASSET_TYPES: Record<string, string> = {
  'ui.css': 'text/css; charset=utf-8',
  'ui.js': 'text/javascript; charset=utf-8',
};
const assetCache = new Map<string, Buffer>();

/** True when the client prefers HTML to JSON (a browser); tools asking for HAL/JSON or anything (*\/*) get JSON. */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['application/hal+json', 'application/json', 'text/html']) === 'text/html';
}

export type PageHandler = (deps: Deps, req: Request) => Promise<Html>;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/** A page route's handler: the page, or (a BrokerError) an error page with its status. */
export function servePage(handler: PageHandler) {
  return (deps: Deps) => async (req: Request, res: Response) => {
    let body: Html;
    let status = 200;
    try {
      body = await handler(deps, req);
    } catch (e) {
      if (!(e instanceof BrokerError)) throw e;
      status = e.status;
      body = page({
        title: status === 404 ? 'Not found' : 'Cannot show this page',
        section: 'overview',
        body: html`<p class="error" role="alert">${e.message}</p><p><a href="/ui/">Back to the overview</a></p>`,
      });
    }
    res.status(status).set(SECURITY_HEADERS).type('text/html; charset=utf-8').send(body.value);
  };
}

/** `GET /ui/assets/{file}`: the stylesheet and the script, read once; any other name falls through to the 404. */
export const serveAsset = () => (req: Request, res: Response, next: NextFunction) => {
  const file = String(req.params.file);
  const type = ASSET_TYPES[file];
  if (!type) return next();
  let body = assetCache.get(file);
  if (!body) {
    body = readFileSync(join(ASSETS, file));
    assetCache.set(file, body);
  }
  res.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type(type).send(body);
};
