import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { deleteUnusedEnvironment } from '../../domain/environments/delete.ts';
import { environments } from '../../domain/environments/queries.ts';
import { createEnvironment as create, replaceEnvironment } from '../../domain/environments/save.ts';
import { environmentOr404 } from '../../domain/lookup.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import { presentEnvironment, presentEnvironments } from '../presenters/environment.ts';
import { environmentSchema } from '../schemas/environment.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const createEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  const body = validate(environmentSchema, await jsonBody(req));
  const row = await deps.store.write(() => create(deps.hooks, body));
  const l = linker(req);
  res.location(l.url(routes.environment(row.uuid)));
  sendHal(res, 201, presentEnvironment(l, row));
};

export const listEnvironmentsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const name = typeof req.query.name === 'string' ? req.query.name : undefined;
  const rows = await deps.store.read(() => environments(name));
  sendHal(res, 200, presentEnvironments(linker(req), rows));
};

export const getEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  const row = await deps.store.read(() => environmentOr404((req.params as P).uuid));
  sendHal(res, 200, presentEnvironment(linker(req), row));
};

export const putEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const body = validate(environmentSchema, await jsonBody(req));
  if (body.uuid !== undefined && body.uuid !== uuid)
    throw ValidationError.of(
      'uuid',
      message('input.does-not-match-url', { value: body.uuid, what: 'environment', url: uuid }),
    );
  const row = await deps.store.write(() => replaceEnvironment(deps.hooks, uuid, body));
  sendHal(res, 200, presentEnvironment(linker(req), row));
};

export const deleteEnvironmentHandler = (deps: Deps) => async (req: Request, res: Response) => {
  await deps.store.write(() => deleteUnusedEnvironment(deps.hooks, (req.params as P).uuid));
  res.status(204).end();
};
