import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response, Router } from 'express';
import { BrokerError } from '../errors.ts';
import type { Deps } from '../http/deps.ts';
import { html, type Html } from './html.ts';
import { page } from './layout.ts';
import { overviewPage } from './pages/overview.ts';
import { graphPage } from './pages/graph.ts';
import { environmentPage } from './pages/environment.ts';
import { matrixPage } from './pages/matrix.ts';
import { pacticipantUiPage } from './pages/pacticipant.ts';
import { pactViewPage, pactDiffPage } from './pages/pact.ts';

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

function serve(deps: Deps, handler: PageHandler) {
  return async (req: Request, res: Response) => {
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

/**
 * The browser pages (issue 7), registered before the API routes: `/` gives the overview to a browser and
 * falls through to the HAL index for every other client; everything else lives under `/ui/`.
 */
export function addUiRoutes(r: Router, deps: Deps): void {
  const overview = serve(deps, overviewPage);
  r.get('/', (req: Request, res: Response, next: NextFunction) => (prefersHtml(req) ? overview(req, res) : next()));
  r.get('/ui/', overview);
  r.get('/ui/assets/:file', (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    const type = ASSET_TYPES[file];
    if (!type) return next();
    let body = assetCache.get(file);
    if (!body) {
      body = readFileSync(join(ASSETS, file));
      assetCache.set(file, body);
    }
    res.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type(type).send(body);
  });
  r.get('/ui/graph', serve(deps, graphPage));
  r.get('/ui/environments/:environment', serve(deps, environmentPage));
  r.get('/ui/pacticipants/:pacticipant', serve(deps, pacticipantUiPage));
  r.get('/ui/matrix/provider/:provider/consumer/:consumer', serve(deps, matrixPage));
  r.get('/ui/pacts/provider/:provider/consumer/:consumer/version/:version', serve(deps, pactViewPage));
  r.get('/ui/pacts/provider/:provider/consumer/:consumer/diff', serve(deps, pactDiffPage));
}
