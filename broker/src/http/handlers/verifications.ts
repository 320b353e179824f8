import type { Request, Response } from 'express';
import { publishVerification } from '../../domain/verifications/publish.ts';
import { latestVerificationOfPact, verificationOfPact } from '../../domain/verifications/queries.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { decodeMetadata } from '../presenters/verifiable-pacts.ts';
import { presentVerification } from '../presenters/verification.ts';
import { validate } from '../schemas/validate.ts';
import { verificationSchema } from '../schemas/verification.ts';

type P = Record<string, string>;

/** `POST <pb:publish-verification-results>`: 201 with the stored result. */
export const postVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, metadata } = req.params as P;
  const body = validate(verificationSchema, await jsonBody(req));
  const cmd = {
    provider,
    consumer,
    sha,
    providerVersion: body.providerApplicationVersion,
    success: body.success,
    buildUrl: body.buildUrl,
    testResults: body.testResults,
    verifiedBy: body.verifiedBy,
    // Through a WIP pact's URL: counts in the matrix, never for pending or WIP status.
    wip: decodeMetadata(metadata).wip,
  };
  const out = await deps.store.write(() => publishVerification(deps.hooks, cmd));
  const l = linker(req);
  res.location(l.url(routes.verification(provider, consumer, sha, out.row.id)));
  sendHal(res, 201, presentVerification(l, out.row, { consumer, provider, sha }));
};

export const getVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, id } = req.params as P;
  const row = await deps.store.read(() => verificationOfPact({ provider, consumer, sha }, id));
  sendHal(res, 200, presentVerification(linker(req), row, { consumer, provider, sha }));
};

/** `GET .../pact-version/{sha}/verification-results/latest`: the newest result for that pact content. */
export const getLatestVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha } = req.params as P;
  const row = await deps.store.read(() => latestVerificationOfPact({ provider, consumer, sha }));
  sendHal(res, 200, presentVerification(linker(req), row, { consumer, provider, sha }));
};
