/** Requirements a version declares on other pacticipants (issue 21): declare, list, read, delete. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import {
  deleteRequirement,
  recordRequirement,
  requirementOr404,
  requirementsOf,
} from '../../domain/versions/requirements.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import { presentRequirement, presentRequirements } from '../presenters/requirement.ts';
import { requirementSchema } from '../schemas/requirement.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const putRequirement = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, other } = req.params as P;
  const requirement = validate(requirementSchema, await jsonBody(req));
  const saved = await deps.store.write(() => recordRequirement(deps.hooks, pacticipant, version, other, requirement));
  const l = linker(req);
  if (saved.created) res.location(l.url(routes.versionRequirement(pacticipant, version, other)));
  sendHal(res, saved.created ? 201 : 200, presentRequirement(l, pacticipant, version, saved.requirement));
};

export const listRequirements = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  const rs = await deps.store.read(() => requirementsOf(pacticipant, version));
  sendHal(res, 200, presentRequirements(linker(req), pacticipant, version, rs));
};

export const getRequirement = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, other } = req.params as P;
  const r = await deps.store.read(() => requirementOr404(pacticipant, version, other));
  sendHal(res, 200, presentRequirement(linker(req), pacticipant, version, r));
};

export const deleteRequirementHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, other } = req.params as P;
  await deps.store.write(() => deleteRequirement(deps.hooks, pacticipant, version, other));
  res.status(204).end();
};
