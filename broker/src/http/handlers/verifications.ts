import type { Request, Response } from 'express';
import { pactByVersionSha } from '../../domain/pacts/queries.ts';
import { publishVerification } from '../../domain/verifications/publish.ts';
import { NotFoundError } from '../../errors.ts';
import { findPacticipant } from '../../repositories/pacticipants.ts';
import { findPactVersionById } from '../../repositories/pacts.ts';
import { findVerification, latestVerificationOfPactVersion } from '../../repositories/verifications.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentVerification } from '../presenters/verification.ts';
import { validate } from '../schemas/validate.ts';
import { verificationSchema } from '../schemas/verification.ts';

type P = Record<string, string>;

/** `POST <pb:publish-verification-results>`: 201 with the stored result. */
export const postVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha } = req.params as P;
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
  };
  const out = await deps.store.write(() => publishVerification(deps.hooks, cmd));
  const l = linker(req);
  res.location(l.url(routes.verification(provider, consumer, sha, out.row.id)));
  sendHal(res, 201, presentVerification(l, out.row, { consumer, provider, sha }));
};

export const getVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, id } = req.params as P;
  // The result must belong to the pact in the URL: another pair's or pact version's result is not found here.
  const row = /^\d+$/.test(id)
    ? await deps.store.read(function* () {
        const v = yield* findVerification(Number(id));
        const pv = v ? yield* findPactVersionById(v.pact_version_id) : undefined;
        const [c, p] = [yield* findPacticipant(consumer), yield* findPacticipant(provider)];
        return v && pv && c && p && pv.sha === sha && pv.consumer_id === c.id && pv.provider_id === p.id
          ? v
          : undefined;
      })
    : undefined;
  if (!row)
    throw new NotFoundError(
      `Verification result ${id} not found for the pact between ${consumer} and ${provider} (pact version ${sha})`,
    );
  sendHal(res, 200, presentVerification(linker(req), row, { consumer, provider, sha }));
};

/** `GET .../pact-version/{sha}/verification-results/latest`: the newest result for that pact content. */
export const getLatestVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha } = req.params as P;
  const row = await deps.store.read(function* () {
    const found = yield* pactByVersionSha(provider, consumer, sha);
    return yield* latestVerificationOfPactVersion(found.pactVersion.id);
  });
  if (!row) throw new NotFoundError(`No verification result has been published for pact version ${sha}`);
  sendHal(res, 200, presentVerification(linker(req), row, { consumer, provider, sha }));
};
