import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import type { LatestSelector } from '../../domain/pacts/queries.ts';
import { latestPactVerified } from '../../domain/verifications/queries.ts';
import { BrokerError } from '../../errors.ts';
import { labelOf, sendBadge } from '../presenters/badge.ts';

/** `GET /pacts/provider/{p}/consumer/{c}/latest[/{tag}]/badge`: the latest verification of the latest pact. */
export const pactBadge =
  (deps: Deps, pick: (p: Record<string, string>) => LatestSelector) => async (req: Request, res: Response) => {
    const { provider, consumer } = req.params as Record<string, string>;
    const label = labelOf(req, `${consumer}/${provider} pact`);
    let success: boolean | undefined;
    try {
      success = await deps.store.read(() =>
        latestPactVerified(provider, consumer, pick(req.params as Record<string, string>)),
      );
    } catch (e) {
      if (!(e instanceof BrokerError)) throw e;
    }
    if (success === undefined) sendBadge(res, label, 'unknown', 'grey');
    else sendBadge(res, label, success ? 'verified' : 'failed', success ? 'green' : 'red');
  };
