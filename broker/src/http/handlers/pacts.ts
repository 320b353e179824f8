import type { Request, Response } from 'express';
import { decodePact } from '../../domain/pacts/decode.ts';
import { publishPacts } from '../../domain/pacts/publish.ts';
import {
  latestPact,
  pactByVersionSha,
  pactForConsumerVersion,
  type FoundPact,
  type LatestSelector,
} from '../../domain/pacts/queries.ts';
import { findPacticipantById } from '../../repositories/pacticipants.ts';
import { latestPublicationPerPair } from '../../repositories/pacts.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentPact } from '../presenters/pact.ts';

type P = Record<string, string>;

function sendPact(req: Request, res: Response, found: FoundPact, metadata?: string) {
  sendHal(
    res,
    200,
    presentPact(linker(req), {
      consumer: found.consumer,
      provider: found.provider,
      consumerVersion: found.consumerVersion,
      sha: found.pactVersion.sha,
      content: found.pactVersion.content,
      createdAt: found.publishedAt,
      metadata,
    }),
  );
}

/** `PUT|PATCH /pacts/provider/{p}/consumer/{c}/version/{v}`: the older single-pact publish; PATCH merges. */
export function putPact(deps: Deps, merge: boolean) {
  return async (req: Request, res: Response) => {
    const { provider, consumer, version } = req.params as P;
    const decoded = decodePact(await jsonBody(req), '$', { consumer, provider });
    const cmd = {
      consumerName: consumer,
      versionNumber: version,
      contracts: [{ providerName: provider, decoded, onConflict: merge ? ('merge' as const) : undefined }],
    };
    const out = await deps.store.write(() => publishPacts(deps.hooks, cmd, deps.config.allowContractModification));
    const found = await deps.store.read(() => pactForConsumerVersion(provider, consumer, version));
    // 201 whenever this pact is new, also for a consumer version that existed already (tagged, or with another provider's pact).
    res.status(out.contracts[0].status === 'created' ? 201 : 200);
    if (res.statusCode === 201) res.location(linker(req).url(routes.pactForVersion(provider, consumer, version)));
    sendHal(
      res,
      res.statusCode,
      presentPact(linker(req), {
        consumer,
        provider,
        consumerVersion: version,
        sha: found.pactVersion.sha,
        content: found.pactVersion.content,
        createdAt: found.publishedAt,
      }),
    );
  };
}

export const getPactForVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, version } = req.params as P;
  sendPact(req, res, await deps.store.read(() => pactForConsumerVersion(provider, consumer, version)));
};

export const getPactByVersionSha = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, metadata } = req.params as P;
  sendPact(req, res, await deps.store.read(() => pactByVersionSha(provider, consumer, sha)), metadata);
};

export const getLatestPact = (deps: Deps, pick: (p: P) => LatestSelector) => async (req: Request, res: Response) => {
  const params = req.params as P;
  sendPact(req, res, await deps.store.read(() => latestPact(params.provider, params.consumer, pick(params))));
};

/** `GET /pacts/latest`: the latest pact of every integration. */
export const getLatestPacts = (deps: Deps) => async (req: Request, res: Response) => {
  const l = linker(req);
  const rows = await deps.store.read(function* () {
    const pubs = yield* latestPublicationPerPair();
    const out = [];
    for (const p of pubs) {
      const consumer = (yield* findPacticipantById(p.consumer_id))!.name;
      const provider = (yield* findPacticipantById(p.provider_id))!.name;
      out.push({ consumer, provider, version: p.consumer_version_number, createdAt: p.created_at, sha: p.sha });
    }
    return out;
  });
  sendHal(res, 200, {
    pacts: rows.map((r) => ({
      createdAt: r.createdAt,
      _embedded: {
        consumer: {
          name: r.consumer,
          _links: { self: l.link(routes.pacticipant(r.consumer)) },
          _embedded: { version: { number: r.version } },
        },
        provider: { name: r.provider, _links: { self: l.link(routes.pacticipant(r.provider)) } },
      },
      _links: {
        self: [
          l.link(routes.pactForVersion(r.provider, r.consumer, r.version), {
            title: 'Pact',
            name: `Pact between ${r.consumer} (${r.version}) and ${r.provider}`,
          }),
          l.link(routes.pactVersion(r.provider, r.consumer, r.sha)),
        ],
      },
    })),
    _links: { self: l.link('/pacts/latest') },
  });
};
