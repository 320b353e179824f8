import type { Request, Response } from 'express';
import { publishVerification } from '../../domain/verifications/publish.ts';
import { NotFoundError } from '../../errors.ts';
import { findVerification } from '../../repositories/verifications.ts';
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
  const cmd = { provider, consumer, sha, providerVersion: body.providerApplicationVersion, success: body.success, buildUrl: body.buildUrl, testResults: body.testResults, verifiedBy: body.verifiedBy };
  const out = await deps.store.write(function* () {
    const o = yield* publishVerification(cmd);
    yield* deps.hooks.emit('verificationPublished', {
      verificationId: o.row.id, pactVersionId: o.pactVersionId, consumerId: o.consumerId, providerId: o.providerId, providerVersionId: o.row.provider_version_id, success: body.success,
    });
    return o;
  });
  const l = linker(req);
  res.location(l.url(routes.verification(provider, consumer, sha, out.row.id)));
  sendHal(res, 201, presentVerification(l, out.row, { consumer, provider, sha }));
};

export const getVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, id } = req.params as P;
  const row = Number.isInteger(Number(id)) ? await deps.store.read(() => findVerification(Number(id))) : undefined;
  if (!row) throw new NotFoundError(`Verification result ${id} not found`);
  sendHal(res, 200, presentVerification(linker(req), row, { consumer, provider, sha }));
};
