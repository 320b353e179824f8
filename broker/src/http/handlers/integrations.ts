import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { integrationList } from '../../domain/pacts/integrations.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { paging } from '../../links/paging.ts';
import { presentIntegrations } from '../presenters/integration.ts';

/** `GET /integrations[?pageNumber=&pageSize=]`: every consumer/provider pair that has a pact. */
export const listIntegrations = (deps: Deps) => async (req: Request, res: Response) => {
  const p = paging(req, 1000);
  const rows = await deps.store.read(() => integrationList());
  sendHal(res, 200, presentIntegrations(linker(req), rows, p));
};
