import type { Request, Response } from 'express';
import { brokerMetrics } from '../../repositories/metrics.ts';
import type { Deps } from '../../deps.ts';
import { sendHal } from '../../links/hal.ts';

/** `GET /metrics`: the Pact Broker's JSON counts (Prometheus text for scrapers is the hardening issue's). */
export const getMetrics = (deps: Deps) => async (_req: Request, res: Response) => {
  sendHal(res, 200, await deps.store.read(() => brokerMetrics()));
};
