import type { NextFunction, Request, Response } from 'express';
import type { BrokerMetrics } from './registry.ts';

const JSON_FIRST = /^application\/(hal\+)?json$/i;

/**
 * `GET /metrics` content negotiation, mounted before the routes: Prometheus text unless the client
 * asks for JSON first (the Pact Broker's JSON counts, served by the metrics handler in the routes).
 * Scrapers send `text/plain`, `application/openmetrics-text` or `*\/*`; they all get the text format.
 */
export function prometheusMetrics(metrics: BrokerMetrics) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const first = (req.get('accept') ?? '').split(',')[0]?.split(';')[0]?.trim() ?? '';
    if (JSON_FIRST.test(first)) return next();
    const text = await metrics.registry.metrics();
    res.status(200).set('Content-Type', metrics.registry.contentType).send(text);
  };
}
