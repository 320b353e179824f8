import type { Request, Response } from 'express';
import { ContractError } from '../../../../contracts/src/errors.ts';
import { loadOpenApi } from '../../../../contracts/src/openapi/load.ts';
import { versionOr404 } from '../../domain/lookup.ts';
import { decodeBase64, decodeUtf8 } from '../../domain/pacts/decode.ts';
import { publishProviderContract, type SelfVerification } from '../../domain/provider-contracts/publish.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { latestProviderContract, type ProviderContractRow } from '../../repositories/provider-contracts.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal, type Linker } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { publishProviderContractSchema, putProviderContractSchema } from '../schemas/provider-contract.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

/** Decodes and parses the document before anything is written; parser problems come back as a 400. */
async function load(content: string, contentType: string, at: string) {
  const text = decodeUtf8(decodeBase64(content, at), at);
  try {
    return { text, loaded: await loadOpenApi(text, contentType) };
  } catch (e) {
    if (e instanceof ContractError)
      throw new ValidationError(
        e.problems.map((p) => ({
          path: `${at}${p.path === '$' ? '' : p.path.replace(/^\$/, '')}`,
          message: p.message,
        })),
      );
    throw e;
  }
}

async function publish(
  deps: Deps,
  provider: string,
  version: string,
  labels: { branch?: string; tags?: string[]; buildUrl?: string },
  content: string,
  contentType: string,
  at: string,
  sv?: SelfVerification,
) {
  const { text, loaded } = await load(content, contentType, at);
  return deps.store.write(() =>
    publishProviderContract(deps.hooks, {
      provider,
      version,
      ...labels,
      content: text,
      contentType,
      loaded,
      selfVerification: sv,
    }),
  );
}

/** `POST /provider-contracts/provider/{p}/publish`: what `pactflow publish-provider-contract` sends. */
export const publishProviderContractHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const provider = (req.params as P).provider;
  const body = validate(publishProviderContractSchema, await jsonBody(req));
  const v = body.pacticipantVersionNumber;
  const out = await publish(
    deps,
    provider,
    v,
    body,
    body.contract.content,
    body.contract.contentType,
    'contract.content',
    body.contract.selfVerificationResults,
  );
  const l = linker(req);
  sendHal(res, 200, {
    notices: out.notices,
    _embedded: { version: { number: v, _links: { self: l.link(routes.version(provider, v)) } } },
    _links: {
      self: l.link(routes.providerContract(provider, v)),
      'pb:pacticipant': l.link(routes.pacticipant(provider), { name: provider }),
      'pb:pacticipant-version': l.link(routes.version(provider, v), { name: v }),
      ...(body.branch
        ? { 'pb:branch-version': l.link(routes.branchVersion(provider, body.branch, v), { name: body.branch }) }
        : {}),
      'pb:pacticipant-version-tags': (body.tags ?? []).map((t) => ({
        ...l.link(routes.versionTag(provider, v, t)),
        name: t,
      })),
    },
  });
};

/** `PUT /contracts/provider/{p}/version/{v}`: PactFlow's older provider-contract API. */
export const putProviderContractHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, version } = req.params as P;
  const body = validate(putProviderContractSchema, await jsonBody(req));
  const out = await publish(
    deps,
    provider,
    version,
    {},
    body.content,
    body.contentType,
    'content',
    body.verificationResults,
  );
  sendHal(res, 201, presentProviderContract(linker(req), provider, version, out.row));
};

export const getProviderContract = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, version } = req.params as P;
  const row = await deps.store.read(function* () {
    const { version: v } = yield* versionOr404(provider, version);
    const c = yield* latestProviderContract(v.id);
    if (!c) throw new NotFoundError(`No provider contract was published for ${provider} version ${version}`);
    return c;
  });
  sendHal(res, 200, presentProviderContract(linker(req), provider, version, row));
};

export function presentProviderContract(l: Linker, provider: string, version: string, c: ProviderContractRow) {
  const sv = c.self_verification ? (JSON.parse(c.self_verification) as SelfVerification) : undefined;
  return {
    provider,
    providerVersion: version,
    specification: c.specification,
    contentType: c.content_type,
    contentSha: c.content_sha,
    content: c.content,
    selfVerificationResults: sv,
    createdAt: c.created_at,
    _links: {
      self: l.link(routes.providerContract(provider, version)),
      'pb:pacticipant-version': l.link(routes.version(provider, version)),
    },
  };
}
