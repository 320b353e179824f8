import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { deletePacticipantWithoutHistory } from '../../domain/pacticipants/delete.ts';
import { pacticipantPage, pacticipantView } from '../../domain/pacticipants/queries.ts';
import { savePacticipant as save } from '../../domain/pacticipants/save.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { paging } from '../../links/paging.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import { presentPacticipant, presentPacticipants } from '../presenters/pacticipant.ts';
import { pacticipantSchema } from '../schemas/pacticipant.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const listPacticipantsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const p = paging(req);
  const { rows, total } = await deps.store.read(() => pacticipantPage(p.limit, p.offset));
  sendHal(res, 200, presentPacticipants(linker(req), rows, p, total));
};

export const getPacticipant = (deps: Deps) => async (req: Request, res: Response) => {
  const { row, latest } = await deps.store.read(() => pacticipantView((req.params as P).pacticipant));
  sendHal(res, 200, presentPacticipant(linker(req), row, latest));
};

/**
 * `POST /pacticipants` creates; `PUT` replaces the fields; `PATCH` merges them. PUT and PATCH create
 * a missing pacticipant (201), as the Pact Broker does for create-or-update-pacticipant.
 */
export const savePacticipant = (deps: Deps, mode: 'post' | 'put' | 'patch') => async (req: Request, res: Response) => {
  const body = validate(pacticipantSchema, await jsonBody(req));
  const name = mode === 'post' ? body.name : (req.params as P).pacticipant;
  if (!name) throw ValidationError.of('name', message('input.required'));
  if (mode !== 'post' && body.name !== undefined && body.name !== name)
    throw ValidationError.of(
      'name',
      message('input.does-not-match-url', { value: body.name, what: 'pacticipant', url: name }),
    );
  const fields = {
    displayName: body.displayName,
    mainBranch: body.mainBranch,
    repositoryUrl: body.repositoryUrl ?? body.repository_url,
    repositoryName: body.repositoryName,
    repositoryNamespace: body.repositoryNamespace,
  };
  const { row, created } = await deps.store.write(() => save(deps.hooks, name, fields, mode === 'put'));
  const l = linker(req);
  if (created) res.location(l.url(routes.pacticipant(name)));
  sendHal(res, created ? 201 : 200, presentPacticipant(l, row));
};

export const deletePacticipantHandler = (deps: Deps) => async (req: Request, res: Response) => {
  await deps.store.write(() => deletePacticipantWithoutHistory(deps.hooks, (req.params as P).pacticipant));
  res.status(204).end();
};
