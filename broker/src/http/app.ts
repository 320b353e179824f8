import express, { type Express } from 'express';
import { auditOverrides } from '../audit/http.ts';
import { installAuditHooks } from '../audit/hooks.ts';
import { authSettings } from '../auth/settings.ts';
import type { Deps } from '../deps.ts';
import { message } from '../messages.ts';
import { errorHandler, sendError } from './error-handler.ts';
import { metricsFor } from './metrics/registry.ts';
import { authenticate } from './middleware/auth.ts';
import { refuseCrossSite } from './middleware/cross-site.ts';
import { checkHost } from './middleware/host-check.ts';
import { refuseNul } from './middleware/nul-guard.ts';
import { authorisePacticipants } from './middleware/pacticipants.ts';
import { requestContext } from './middleware/request-id.ts';
import { routeTable } from './routes.ts';
import { dispatch, resolveRoute } from './routing/dispatch.ts';

/**
 * Builds the express app from injected dependencies; no `listen` here (see server.ts). The order:
 * request id, log line and metrics; the route the table finds; the Host header check (DNS rebinding) and the
 * cross-site write check (forms and other sites' pages); authentication against that route's scope; the override audit; the route (or OPTIONS/405); 404.
 * `extend` adds routes outside the table after it (tests only: they need no scope, so the fail-closed
 * default applies).
 */
export function createApp(deps: Deps, extend: ((app: Express, router: express.Router) => void)[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.locals.baseUrl = deps.config.baseUrl;
  app.locals.bodyLimit = deps.config.bodyLimit;
  const metrics = metricsFor(deps);
  app.locals.metrics = metrics;
  installAuditHooks(deps.hooks);
  app.use(
    requestContext(deps.log, metrics, {
      maxJsonDepth: deps.config.maxJsonDepth,
      maxInteractions: deps.config.maxInteractions,
      maxOpenApiBytes: deps.config.maxOpenApiBytes,
      maxOpenApiPaths: deps.config.maxOpenApiPaths,
    }),
  );
  app.use(resolveRoute(routeTable));
  const auth = authSettings(deps.config);
  app.use(checkHost(deps.config, auth.enabled));
  app.use(refuseCrossSite(deps.config.baseUrl));
  app.use(refuseNul());
  app.use(authenticate(auth, { publicBadges: deps.config.publicBadges }));
  app.use(authorisePacticipants(deps));
  app.use(auditOverrides(deps));
  app.use(dispatch(routeTable, deps));
  if (extend.length) {
    const router = express.Router({ strict: false });
    for (const add of extend) add(app, router);
    app.use(router);
  }
  app.use((req, res) =>
    sendError(req, res, 404, [
      { path: 'base', message: message('http.no-resource', { method: req.method, path: req.path }) },
    ]),
  );
  app.use(errorHandler(deps.log));
  return app;
}
