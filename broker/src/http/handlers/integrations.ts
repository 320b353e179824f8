import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { deleteIntegration, integrationOr404 } from '../../domain/pacts/delete.ts';
import { integrationList } from '../../domain/pacts/integrations.ts';
import { forceOf } from '../force.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { paging } from '../../links/paging.ts';
import { presentIntegration, presentIntegrations } from '../presenters/integration.ts';

/** `GET /integrations[?pageNumber=&pageSize=]`: every consumer/provider pair that has a pact. */
export const listIntegrations = (deps: Deps) => async (req: Request, res: Response) => {
  const p = paging(req, 1000);
  const rows = await deps.store.read(() => integrationList());
  sendHal(res, 200, presentIntegrations(linker(req), rows, p));
};

type P = Record<string, string>;

/** `GET /integrations/provider/P/consumer/C`: the pair, when it has a pact. */
export const getIntegration = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer } = req.params as P;
  const row = await deps.store.read(() => integrationOr404(consumer, provider));
  sendHal(res, 200, presentIntegration(linker(req), row));
};

/** `DELETE /integrations/provider/P/consumer/C`: its pacts, their verifications and its own webhooks; 204. */
export const deleteIntegrationHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer } = req.params as P;
  const force = forceOf(req);
  await deps.store.write(() => deleteIntegration(deps.hooks, { provider, consumer, force }));
  res.status(204).end();
};
