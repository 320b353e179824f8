import type { Request, Response } from 'express';
import { pacticipantNames } from '../../repositories/pacticipants.ts';
import { integrations } from '../../repositories/pacts.ts';
import type { Deps } from '../deps.ts';
import { linker, path, routes, sendHal } from '../hal.ts';
import { paging } from '../paging.ts';
import { presentPage } from '../presenters/page.ts';

/** `GET /integrations[?pageNumber=&pageSize=]`: every consumer/provider pair that has a pact. */
export const listIntegrations = (deps: Deps) => async (req: Request, res: Response) => {
  const p = paging(req, 1000);
  const rows = await deps.store.read(function* () {
    const list = yield* integrations();
    const names = yield* pacticipantNames(list.flatMap((r) => [r.consumer_id, r.provider_id]));
    return list.map((r) => ({
      consumer: names.get(r.consumer_id)!,
      provider: names.get(r.provider_id)!,
      createdAt: r.created_at,
      lastPublished: r.last_published,
    }));
  });
  const l = linker(req);
  const pageRows = rows.slice(p.offset, p.offset + p.limit);
  const pages = presentPage(l, '/integrations', p, rows.length);
  sendHal(res, 200, {
    _embedded: {
      integrations: pageRows.map((r) => ({
        consumer: { name: r.consumer, _links: { self: l.link(routes.pacticipant(r.consumer)) } },
        provider: { name: r.provider, _links: { self: l.link(routes.pacticipant(r.provider)) } },
        createdAt: r.createdAt,
        latestPactPublishedAt: r.lastPublished,
        _links: {
          'pb:latest-pact': l.link(`/pacts/provider/${path(r.provider)}/consumer/${path(r.consumer)}/latest`),
          'pb:matrix': l.link(`/matrix/provider/${path(r.provider)}/consumer/${path(r.consumer)}`),
          'pb:badge': l.link(`/pacts/provider/${path(r.provider)}/consumer/${path(r.consumer)}/latest/badge`),
        },
      })),
    },
    page: pages.page,
    _links: { self: l.link('/integrations'), ...pages.links },
  });
};
