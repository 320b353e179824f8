import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { HAL_JSON } from '../../links/hal.ts';
import { message } from '../../messages.ts';

/** How long the dependencies check waits for the database before answering 503. */
const PING_TIMEOUT_MS = 3000;

function send(res: Response, status: number, body: unknown): void {
  res.status(status).set('cache-control', 'no-store').type(HAL_JSON).send(JSON.stringify(body));
}

/** `GET /diagnostic/status/heartbeat`: the process answers; touches no database (load balancer liveness). */
export function heartbeat(_req: Request, res: Response): void {
  send(res, 200, { ok: true, _links: {} });
}

/**
 * `GET /diagnostic/status/dependencies`: pings the store (readiness). 200 `{database: {ok: true}}`, or
 * 503 `{database: {ok: false, error}}` when the database fails or does not answer in time.
 */
export function dependencies(d: Deps) {
  return async (_req: Request, res: Response): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        d.store.ping(),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(message('diagnostics.no-answer', { ms: PING_TIMEOUT_MS }))),
              PING_TIMEOUT_MS,
            )),
        ),
      ]);
      send(res, 200, { database: { ok: true }, _links: {} });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      d.log.warn({ err: e, store: d.store.describe() }, 'dependencies check: database unavailable');
      send(res, 503, { database: { ok: false, error }, _links: {} });
    } finally {
      clearTimeout(timer);
    }
  };
}
