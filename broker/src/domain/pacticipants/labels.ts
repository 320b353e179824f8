import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { addLabel, labelsOf, pacticipantsWithLabel, removeLabel } from '../../repositories/labels.ts';
import type { PacticipantRow } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { pacticipantOr404 } from '../lookup.ts';

/** Labels a pacticipant; true when the label is new. */
export function* labelPacticipant(hooks: Hooks, pacticipant: string, label: string): Program<boolean> {
  const p = yield* pacticipantOr404(pacticipant);
  const added = yield* addLabel(p.id, label);
  if (added) yield* hooks.emit('labelAdded', { pacticipantId: p.id, pacticipant: p.name, label });
  return added;
}

/** The label of a pacticipant, or a 404 when it has not got it. */
export function* labelOr404(pacticipant: string, label: string): Program<void> {
  if (!(yield* labelsOf((yield* pacticipantOr404(pacticipant)).id)).includes(label))
    throw new NotFoundError(message('label.not-found', { pacticipant, label }));
}

export function* unlabelPacticipant(hooks: Hooks, pacticipant: string, label: string): Program<void> {
  const p = yield* pacticipantOr404(pacticipant);
  if (!(yield* removeLabel(p.id, label))) throw new NotFoundError(message('label.not-found', { pacticipant, label }));
  yield* hooks.emit('labelRemoved', { pacticipantId: p.id, pacticipant: p.name, label });
}

/** The pacticipants with a label, by name. */
export function* labelled(label: string): Program<PacticipantRow[]> {
  const out: PacticipantRow[] = [];
  for (const p of yield* pacticipantsWithLabel(label)) out.push(yield* pacticipantOr404(p.name));
  return out;
}
