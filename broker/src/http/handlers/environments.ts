import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { environmentOr404 } from '../../domain/lookup.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  deleteEnvironment,
  environmentHasHistory,
  findEnvironmentByName,
  findEnvironmentByUuid,
  insertEnvironment,
  listEnvironments,
  updateEnvironment,
} from '../../repositories/environments.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentEnvironment } from '../presenters/environment.ts';
import { environmentSchema } from '../schemas/environment.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const createEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  const body = validate(environmentSchema, await jsonBody(req));
  const uuid = body.uuid ?? randomUUID();
  const row = await deps.store.write(function* () {
    if (yield* findEnvironmentByName(body.name))
      throw new ConflictError(message('environment.name-taken', { name: body.name }), 'name');
    if (yield* findEnvironmentByUuid(uuid))
      throw new ConflictError(message('environment.uuid-taken', { uuid }), 'uuid');
    return yield* insertEnvironment(uuid, body);
  });
  const l = linker(req);
  res.location(l.url(routes.environment(uuid)));
  sendHal(res, 201, presentEnvironment(l, row));
};

export const listEnvironmentsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const name = typeof req.query.name === 'string' ? req.query.name : undefined;
  const rows = (await deps.store.read(() => listEnvironments())).filter((e) => name === undefined || e.name === name);
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: { environments: rows.map((e) => presentEnvironment(l, e)) },
    _links: {
      self: l.link('/environments'),
      'pb:environments': rows.map((e) => ({
        ...l.link(routes.environment(e.uuid)),
        name: e.name,
        title: e.display_name ?? e.name,
      })),
    },
  });
};

export const getEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  sendHal(
    res,
    200,
    presentEnvironment(linker(req), await deps.store.read(() => environmentOr404((req.params as P).uuid))),
  );
};

export const putEnvironment = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const body = validate(environmentSchema, await jsonBody(req));
  if (body.uuid !== undefined && body.uuid !== uuid)
    throw ValidationError.of('uuid', `"${body.uuid}" does not match the environment in the URL ("${uuid}")`);
  const row = await deps.store.write(function* () {
    const env = yield* environmentOr404(uuid);
    const other = yield* findEnvironmentByName(body.name);
    if (other && other.id !== env.id)
      throw new ConflictError(message('environment.name-taken', { name: body.name }), 'name');
    yield* updateEnvironment(env.id, body);
    return (yield* findEnvironmentByUuid(uuid))!;
  });
  sendHal(res, 200, presentEnvironment(linker(req), row));
};

/** Refused while the environment has deployment history: rollback analysis reads that history. */
export const deleteEnvironmentHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  await deps.store.write(function* () {
    const env = yield* environmentOr404(uuid);
    if (yield* environmentHasHistory(env.id))
      throw new ConflictError(message('environment.in-use', { name: env.name }));
    yield* deleteEnvironment(env.id);
  });
  res.status(204).end();
};
