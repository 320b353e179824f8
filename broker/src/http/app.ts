import express, { type Express } from 'express';
import type { Deps } from '../deps.ts';
import { errorHandler, sendError } from './error-handler.ts';
import { addRoutes } from './routes.ts';
import { addAuditRoutes, auditOverrides } from '../audit/http.ts';
import { installAuditHooks } from '../audit/hooks.ts';
import { authSettings } from '../auth/settings.ts';
import { authenticate } from './middleware/auth.ts';
import { requestContext } from './middleware/request-id.ts';
import { metricsFor } from './metrics/registry.ts';
import { prometheusMetrics } from './metrics/prometheus.ts';
import { addUiRoutes } from '../ui/routes.ts';

/** Builds the express app from injected dependencies; no `listen` here (see server.ts). */
export function createApp(deps: Deps, extend: ((app: Express, router: express.Router) => void)[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.locals.baseUrl = deps.config.baseUrl;
  app.locals.bodyLimit = deps.config.bodyLimit;
  // Security and observability (issue 9): request id + log line + metrics, then authentication against
  // the scope table (auth/route-scopes.ts), the override audit, Prometheus text for /metrics, /audit.
  const metrics = metricsFor(deps);
  app.locals.metrics = metrics;
  installAuditHooks(deps.hooks);
  app.use(
    requestContext(deps.log, metrics, {
      maxJsonDepth: deps.config.maxJsonDepth,
      maxInteractions: deps.config.maxInteractions,
    }),
  );
  app.use(authenticate(authSettings(deps.config)));
  app.use(auditOverrides(deps));
  app.get('/metrics', prometheusMetrics(metrics));
  const router = express.Router({ strict: false });
  addAuditRoutes(router, deps);
  for (const add of extend) add(app, router);
  addUiRoutes(router, deps); // issue 7: browser pages; before the API so `/` is negotiated ahead of the HAL index
  addRoutes(router, deps);
  app.use(router);
  app.use((req, res) =>
    sendError(req, res, 404, [{ path: 'base', message: `No resource at ${req.method} ${req.path}` }]),
  );
  app.use(errorHandler(deps.log));
  return app;
}
