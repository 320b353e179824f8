import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { pacticipantOr404 } from '../../domain/lookup.ts';
import { parsePfvRequest } from '../../domain/verification-pacts/index.ts';
import { pactsForVerificationRead } from '../../domain/reads.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { jsonBody } from '../json-body.ts';
import { presentForVerificationIndex, presentVerifiablePacts } from '../presenters/verifiable-pacts.ts';

/** `GET /pacts/provider/{p}/for-verification`: cheap; the Verifier only needs `_links.self` to POST to. */
export const getPactsForVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider } = req.params as Record<string, string>;
  await deps.store.read(() => pacticipantOr404(provider));
  sendHal(res, 200, presentForVerificationIndex(linker(req), provider));
};

/** `POST /pacts/provider/{p}/for-verification`: a read, with selectors, pending, WIP and rollback readiness. */
export const postPactsForVerification = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider } = req.params as Record<string, string>;
  const body = parsePfvRequest(await jsonBody(req));
  const pacts = await deps.store.readNamed(pactsForVerificationRead, provider, body, {
    rollbackReadiness: deps.config.rollbackReadiness !== false,
  });
  sendHal(res, 200, presentVerifiablePacts(linker(req), provider, pacts, body.includePendingStatus));
};
