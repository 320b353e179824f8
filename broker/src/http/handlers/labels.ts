import type { Request, Response } from 'express';
import { pacticipantOr404 } from '../../domain/lookup.ts';
import { NotFoundError } from '../../errors.ts';
import { addLabel, labelsOf, pacticipantsWithLabel, removeLabel } from '../../repositories/labels.ts';
import type { Deps } from '../../deps.ts';
import { linker, type Linker } from '../../links/linker.ts';
import { path, routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentPacticipant } from '../presenters/pacticipant.ts';

type P = Record<string, string>;

const labelPath = (p: string, label: string) => `${routes.pacticipant(p)}/labels/${path(label)}`;

function presentLabel(l: Linker, pacticipant: string, label: string) {
  return {
    name: label,
    _embedded: { pacticipant: { name: pacticipant, _links: { self: l.link(routes.pacticipant(pacticipant)) } } },
    _links: {
      self: l.link(labelPath(pacticipant, label), { name: label }),
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant), { name: pacticipant }),
    },
  };
}

/** `PUT /pacticipants/{p}/labels/{l}`: 201 when new, 200 when it was there (JSON either way). */
export const putLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(function* () {
    return yield* addLabel((yield* pacticipantOr404(pacticipant)).id, label);
  });
  const l = linker(req);
  if (created) res.location(l.url(labelPath(pacticipant, label)));
  sendHal(res, created ? 201 : 200, presentLabel(l, pacticipant, label));
};

export const getLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  const found = await deps.store.read(function* () {
    return (yield* labelsOf((yield* pacticipantOr404(pacticipant)).id)).includes(label);
  });
  if (!found) throw new NotFoundError(`${pacticipant} has no label ${label}`);
  sendHal(res, 200, presentLabel(linker(req), pacticipant, label));
};

export const deleteLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  const removed = await deps.store.write(function* () {
    return yield* removeLabel((yield* pacticipantOr404(pacticipant)).id, label);
  });
  if (!removed) throw new NotFoundError(`${pacticipant} has no label ${label}`);
  res.status(204).end();
};

/** `GET /pacticipants/label/{l}`: the pacticipants with a label. */
export const listLabelled = (deps: Deps) => async (req: Request, res: Response) => {
  const { label } = req.params as P;
  const rows = await deps.store.read(function* () {
    const out = [];
    for (const p of yield* pacticipantsWithLabel(label)) out.push(yield* pacticipantOr404(p.name));
    return out;
  });
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: { pacticipants: rows.map((p) => presentPacticipant(l, p)) },
    _links: { self: l.link(`/pacticipants/label/${path(label)}`) },
  });
};
