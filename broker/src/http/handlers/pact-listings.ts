import type { Request, Response } from 'express';
import { listPacts, type PactFilter } from '../../domain/pacts/listings.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';

type P = Record<string, string>;

/**
 * Pact listings the index advertises: a provider's pacts (latest per consumer, or all), by consumer
 * version tag or branch, and every version of one consumer/provider pact.
 */
export const listPactsHandler = (deps: Deps, pick: (p: P) => PactFilter) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const rows = await deps.store.read(() => listPacts(params.provider, pick(params), params.consumer));
  const l = linker(req);
  const links = rows.map((r) => ({
    ...l.link(routes.pactForVersion(r.provider, r.consumer, r.consumerVersion)),
    title: `Pact between ${r.consumer} (${r.consumerVersion}) and ${r.provider}`,
    name: r.consumer,
  }));
  sendHal(res, 200, {
    _embedded: {
      pacts: rows.map((r) => ({
        consumer: { name: r.consumer, version: { number: r.consumerVersion } },
        provider: { name: r.provider },
        createdAt: r.createdAt,
        _links: {
          self: l.link(routes.pactForVersion(r.provider, r.consumer, r.consumerVersion)),
          'pb:pact-version': l.link(routes.pactVersion(r.provider, r.consumer, r.sha), { name: r.sha }),
        },
      })),
    },
    _links: {
      self: l.link(req.originalUrl.split('?')[0]),
      // Titled with the provider's name, as the Pact Broker's clients expect.
      provider: l.link(routes.pacticipant(params.provider), { name: params.provider, title: params.provider }),
      'pb:provider': l.link(routes.pacticipant(params.provider), { name: params.provider, title: params.provider }),
      'pb:pacts': links,
      pacts: links,
    },
  });
};
