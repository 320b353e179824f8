import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { labelled, labelOr404, labelPacticipant, unlabelPacticipant } from '../../domain/pacticipants/labels.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { jsonBody } from '../json-body.ts';
import { labelPath, presentLabel, presentLabelled } from '../presenters/label.ts';

type P = Record<string, string>;

/** `PUT /pacticipants/{p}/labels/{l}`: 201 when new, 200 when it was there (JSON either way). */
export const putLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(() => labelPacticipant(deps.hooks, pacticipant, label));
  const l = linker(req);
  if (created) res.location(l.url(labelPath(pacticipant, label)));
  sendHal(res, created ? 201 : 200, presentLabel(l, pacticipant, label));
};

export const getLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  await deps.store.read(() => labelOr404(pacticipant, label));
  sendHal(res, 200, presentLabel(linker(req), pacticipant, label));
};

export const deleteLabel = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, label } = req.params as P;
  await deps.store.write(() => unlabelPacticipant(deps.hooks, pacticipant, label));
  res.status(204).end();
};

/** `GET /pacticipants/label/{l}`: the pacticipants with a label. */
export const listLabelled = (deps: Deps) => async (req: Request, res: Response) => {
  const { label } = req.params as P;
  const rows = await deps.store.read(() => labelled(label));
  sendHal(res, 200, presentLabelled(linker(req), label, rows));
};
