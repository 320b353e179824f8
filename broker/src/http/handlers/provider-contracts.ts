import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { publishProviderDocument } from '../../domain/provider-contracts/publish-document.ts';
import { providerContractOf } from '../../domain/provider-contracts/queries.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { jsonBody } from '../json-body.ts';
import { presentProviderContract, presentProviderContractPublished } from '../presenters/provider-contract.ts';
import { publishProviderContractSchema, putProviderContractSchema } from '../schemas/provider-contract.ts';
import { validate } from '../schemas/validate.ts';
import { presentOpenApiChanges } from '../presenters/openapi-changes.ts';
import { answerOpenApiChanges } from '../../precompute/openapi-changes.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';

type P = Record<string, string>;

/** `POST /provider-contracts/provider/{p}/publish`: what `pactflow publish-provider-contract` sends. */
export const publishProviderContractHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const provider = (req.params as P).provider;
  const body = validate(publishProviderContractSchema, await jsonBody(req));
  const out = await publishProviderDocument(deps.store, deps.hooks, {
    provider,
    version: body.pacticipantVersionNumber,
    labels: body,
    content: body.contract.content,
    contentType: body.contract.contentType,
    at: 'contract.content',
    selfVerification: body.contract.selfVerificationResults,
  });
  sendHal(res, 200, presentProviderContractPublished(linker(req), provider, body, out.notices));
};

/** `PUT /contracts/provider/{p}/version/{v}`: PactFlow's older provider-contract API. */
export const putProviderContractHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, version } = req.params as P;
  const body = validate(putProviderContractSchema, await jsonBody(req));
  const out = await publishProviderDocument(deps.store, deps.hooks, {
    provider,
    version,
    labels: {},
    content: body.content,
    contentType: body.contentType,
    at: 'content',
    selfVerification: body.verificationResults,
  });
  sendHal(res, 201, presentProviderContract(linker(req), provider, version, out.row));
};

export const getProviderContract = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, version } = req.params as P;
  const row = await deps.store.read(() => providerContractOf(provider, version));
  sendHal(res, 200, presentProviderContract(linker(req), provider, version, row));
};

/** `GET /provider-contracts/provider/{p}/version/{v}/changes?against={w}`: what changed from w's document to v's. */
export const getProviderContractChanges = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, version } = req.params as P;
  const against = typeof req.query.against === 'string' ? req.query.against : '';
  if (!against) throw ValidationError.of('against', message('openapi-changes.against-required'));
  const q = { provider, version, against };
  sendHal(res, 200, presentOpenApiChanges(linker(req), q, await answerOpenApiChanges(deps.store, q), req.originalUrl));
};
