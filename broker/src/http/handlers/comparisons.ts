import type { Request, Response } from 'express';
import { pactByVersionSha } from '../../domain/pacts/queries.ts';
import { versionOr404 } from '../../domain/lookup.ts';
import { NotFoundError } from '../../errors.ts';
import { findComparison } from '../../repositories/evidence.ts';
import { latestProviderContract } from '../../repositories/provider-contracts.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal } from '../hal.ts';

type P = Record<string, string>;

/**
 * `GET /pacts/provider/{p}/consumer/{c}/pact-version/{sha}/comparison/provider-version/{v}`: the static
 * verdict of a pact against a provider version's OpenAPI document, with its findings and the engine
 * that gave it; `status: "pending"` while it is being computed.
 */
export const getComparison = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, providerVersion } = req.params as P;
  const found = await deps.store.read(function* () {
    const pact = yield* pactByVersionSha(provider, consumer, sha);
    const { version } = yield* versionOr404(provider, providerVersion);
    const contract = yield* latestProviderContract(version.id);
    if (!contract) throw new NotFoundError(`${provider} version ${providerVersion} has no OpenAPI document`);
    return { pact, contract, comparison: yield* findComparison(pact.pactVersion.sha, contract.content_sha) };
  });
  const l = linker(req);
  const self = l.link(req.originalUrl.split('?')[0]);
  const c = found.comparison;
  sendHal(res, 200, {
    status: c ? 'done' : 'pending',
    result: c ? c.result : 'unknown',
    reason: c ? c.reason ?? undefined : 'unknown (being computed)',
    findings: c ? JSON.parse(c.findings) : [],
    engine: c ? { name: c.engine_name, version: c.engine_version } : undefined,
    durationMs: c?.duration_ms ?? undefined,
    computedAt: c?.created_at,
    pactSha: found.pact.pactVersion.sha,
    documentSha: found.contract.content_sha,
    selfVerificationResults: found.contract.self_verification ? JSON.parse(found.contract.self_verification) : undefined,
    _links: {
      self,
      'pb:pact-version': l.link(routes.pactVersion(provider, consumer, sha)),
      'pb:provider-contract': l.link(`/provider-contracts/provider/${encodeURIComponent(provider)}/version/${encodeURIComponent(providerVersion)}`),
    },
  });
};
