import type { Integration } from '../../domain/pacts/integrations.ts';
import type { Linker } from '../../links/linker.ts';
import { path, routes } from '../../links/paths.ts';
import { presentPage } from './page.ts';

/** One page of the integrations (they are counted and sliced here: the list is one row per pair). */
export function presentIntegrations(
  l: Linker,
  rows: Integration[],
  p: { page: number; size: number; offset: number; limit: number },
) {
  const pageRows = rows.slice(p.offset, p.offset + p.limit);
  const pages = presentPage(l, '/integrations', p, rows.length);
  return {
    _embedded: {
      integrations: pageRows.map((r) => presentIntegration(l, r)),
    },
    page: pages.page,
    _links: { self: l.link('/integrations'), ...pages.links },
  };
}

/** One integration, as the list embeds it, with its own `self` (`/integrations/provider/P/consumer/C`). */
export function presentIntegration(l: Linker, r: Integration) {
  const pair = `provider/${path(r.provider)}/consumer/${path(r.consumer)}`;
  return {
    consumer: { name: r.consumer, _links: { self: l.link(routes.pacticipant(r.consumer)) } },
    provider: { name: r.provider, _links: { self: l.link(routes.pacticipant(r.provider)) } },
    createdAt: r.createdAt,
    latestPactPublishedAt: r.lastPublished,
    _links: {
      self: l.link(`/integrations/${pair}`),
      'pb:latest-pact': l.link(`/pacts/${pair}/latest`),
      'pb:matrix': l.link(`/matrix/${pair}`),
      'pb:badge': l.link(`/pacts/${pair}/latest/badge`),
    },
  };
}
