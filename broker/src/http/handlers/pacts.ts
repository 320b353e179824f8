import type { Request, Response } from 'express';
import { decodePact, withNamesFromPath } from '../../domain/pacts/decode.ts';
import { latestPactPerIntegration } from '../../domain/pacts/latest-per-integration.ts';
import { publishPactForVersion } from '../../domain/pacts/publish-one.ts';
import {
  latestPact,
  pactByVersionSha,
  pactForConsumerVersion,
  type FoundPact,
  type LatestSelector,
} from '../../domain/pacts/queries.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentLatestPacts, presentPact } from '../presenters/pact.ts';

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
    // As the Pact Broker: the names may come from the path alone, and a body without interactions is a pact.
    const decoded = decodePact(withNamesFromPath(await jsonBody(req), { consumer, provider }), '$', {
      consumer,
      provider,
    });
    const { created, pact, notices } = await deps.store.write(() =>
      publishPactForVersion(
        deps.hooks,
        { provider, consumer, version, decoded, merge },
        deps.config.allowContractModification,
      ),
    );
    const l = linker(req);
    if (created) res.location(l.url(routes.pactForVersion(provider, consumer, version)));
    const body = presentPact(l, {
      consumer,
      provider,
      consumerVersion: version,
      sha: pact.pactVersion.sha,
      content: pact.pactVersion.content,
      createdAt: pact.publishedAt,
    });
    // Warnings only (a pact with nothing to verify): the body is otherwise the pact, as the Pact Broker answers.
    sendHal(res, created ? 201 : 200, notices.length ? { ...body, notices } : body);
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

/** A header can carry printable ASCII only; a version number outside it is left out of the header. */
const HEADER_SAFE = /^[\x20-\x7e]+$/;

/**
 * The latest pact (of a tag, a branch, untagged): with `X-Pact-Consumer-Version`, the consumer version it
 * belongs to, as the Pact Broker sends it.
 */
export const getLatestPact = (deps: Deps, pick: (p: P) => LatestSelector) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const found = await deps.store.read(() => latestPact(params.provider, params.consumer, pick(params)));
  const version = found.consumerVersion;
  if (version !== null && HEADER_SAFE.test(version)) res.set('X-Pact-Consumer-Version', version);
  sendPact(req, res, found);
};

/** `GET /pacts/latest`: the latest pact of every integration. */
export const getLatestPacts = (deps: Deps) => async (req: Request, res: Response) => {
  sendHal(res, 200, presentLatestPacts(linker(req), await deps.store.read(() => latestPactPerIntegration())));
};
