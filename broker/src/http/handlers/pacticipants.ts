import type { Request, Response } from 'express';
import { pacticipantOr404 } from '../../domain/lookup.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { hasDeploymentHistory } from '../../repositories/deployments.ts';
import {
  deletePacticipant,
  ensurePacticipant,
  findPacticipant,
  listPacticipants,
  updatePacticipant,
} from '../../repositories/pacticipants.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { paging } from '../../links/paging.ts';
import { presentPage } from '../presenters/page.ts';
import { presentPacticipant } from '../presenters/pacticipant.ts';
import { pacticipantSchema } from '../schemas/pacticipant.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const listPacticipantsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const p = paging(req);
  const { rows, total } = await deps.store.read(() => listPacticipants(p.limit, p.offset));
  const l = linker(req);
  const pages = presentPage(l, '/pacticipants', p, total);
  const pacticipants = rows.map((r) => presentPacticipant(l, r));
  sendHal(res, 200, {
    _embedded: { pacticipants },
    // Also at the top level: the Rust `pact-broker list-pacticipants` table reads `pacticipants`, not `_embedded`.
    pacticipants,
    page: pages.page,
    _links: {
      self: l.link('/pacticipants'),
      ...pages.links,
      'pb:pacticipants': rows.map((r) => ({
        ...l.link(routes.pacticipant(r.name)),
        name: r.name,
        title: r.display_name ?? r.name,
      })),
    },
  });
};

export const getPacticipant = (deps: Deps) => async (req: Request, res: Response) => {
  const row = await deps.store.read(() => pacticipantOr404((req.params as P).pacticipant));
  sendHal(res, 200, presentPacticipant(linker(req), row));
};

/**
 * `POST /pacticipants` creates; `PUT` replaces the fields; `PATCH` merges them. PUT and PATCH create
 * a missing pacticipant (201), as the Pact Broker does for create-or-update-pacticipant.
 */
export const savePacticipant = (deps: Deps, mode: 'post' | 'put' | 'patch') => async (req: Request, res: Response) => {
  const body = validate(pacticipantSchema, await jsonBody(req));
  const name = mode === 'post' ? body.name : (req.params as P).pacticipant;
  if (!name) throw ValidationError.of('name', 'is required');
  if (mode !== 'post' && body.name !== undefined && body.name !== name)
    throw ValidationError.of('name', `"${body.name}" does not match the pacticipant in the URL ("${name}")`);
  const fields = {
    displayName: body.displayName,
    mainBranch: body.mainBranch,
    repositoryUrl: body.repositoryUrl ?? body.repository_url,
    repositoryName: body.repositoryName,
    repositoryNamespace: body.repositoryNamespace,
  };
  const { row, created } = await deps.store.write(function* () {
    const existed = yield* findPacticipant(name);
    const p = yield* ensurePacticipant(name);
    yield* updatePacticipant(p.id, fields, mode === 'put');
    return { row: (yield* findPacticipant(name))!, created: !existed };
  });
  const l = linker(req);
  if (created) res.location(l.url(routes.pacticipant(name)));
  sendHal(res, created ? 201 : 200, presentPacticipant(l, row));
};

export const deletePacticipantHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const name = (req.params as P).pacticipant;
  await deps.store.write(function* () {
    const p = yield* pacticipantOr404(name);
    // Rollback analysis needs every version that was ever deployed: its history is never deleted.
    if (yield* hasDeploymentHistory({ pacticipantId: p.id }))
      throw new ConflictError(`${name} has deployment or release history and cannot be deleted`);
    yield* deletePacticipant(p.id);
  });
  res.status(204).end();
};
