import express, { type Express } from 'express';
import type { Deps } from './deps.ts';
import { errorHandler, sendError } from './error-handler.ts';
import { addRoutes } from './routes.ts';

/** Builds the express app from injected dependencies; no `listen` here (see server.ts). */
export function createApp(deps: Deps, extend: ((app: Express, router: express.Router) => void)[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.locals.baseUrl = deps.config.baseUrl;
  app.locals.bodyLimit = deps.config.bodyLimit;
  app.get('/diagnostic/status/heartbeat', (_req, res) => {
    res.type('application/hal+json;charset=utf-8').send(JSON.stringify({ ok: true, _links: {} }));
  });
  const router = express.Router({ strict: false });
  for (const add of extend) add(app, router);
  addRoutes(router, deps);
  app.use(router);
  app.use((req, res) => sendError(req, res, 404, [{ path: 'base', message: `No resource at ${req.method} ${req.path}` }]));
  app.use(errorHandler(deps.log));
  return app;
}
