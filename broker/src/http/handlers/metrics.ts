import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { brokerCounts } from '../../domain/metrics/counts.ts';
import { sendHal } from '../../links/hal.ts';
import { safetyGauges } from '../../safety/repository.ts';
import { metricsFor } from '../metrics/registry.ts';

const JSON_FIRST = /^application\/(hal\+)?json$/i;

/**
 * `GET /metrics`: Prometheus text unless the client asks for JSON first, which gets the Pact Broker's
 * JSON counts. Scrapers send `application/openmetrics-text`, `text/plain` or `*\/*`: all get the text.
 */
export const getMetrics = (deps: Deps) => {
  const metrics = metricsFor(deps);
  metrics.setRollbackSafety(() => deps.store.read(() => safetyGauges()));
  return async (req: Request, res: Response) => {
    const first = (req.get('accept') ?? '').split(',')[0]?.split(';')[0]?.trim() ?? '';
    if (JSON_FIRST.test(first)) return sendHal(res, 200, await deps.store.read(() => brokerCounts()));
    const text = await metrics.registry.metrics();
    res.status(200).set('Content-Type', metrics.registry.contentType).send(text);
  };
};
