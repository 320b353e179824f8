import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { addLabel, labelsOf, pacticipantsWithLabel, removeLabel } from '../../repositories/labels.ts';
import type { PacticipantRow } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404 } from '../lookup.ts';

/** Labels a pacticipant; true when the label is new. */
export function* labelPacticipant(pacticipant: string, label: string): Program<boolean> {
  return yield* addLabel((yield* pacticipantOr404(pacticipant)).id, label);
}

/** The label of a pacticipant, or a 404 when it has not got it. */
export function* labelOr404(pacticipant: string, label: string): Program<void> {
  if (!(yield* labelsOf((yield* pacticipantOr404(pacticipant)).id)).includes(label))
    throw new NotFoundError(message('label.not-found', { pacticipant, label }));
}

export function* unlabelPacticipant(pacticipant: string, label: string): Program<void> {
  if (!(yield* removeLabel((yield* pacticipantOr404(pacticipant)).id, label)))
    throw new NotFoundError(message('label.not-found', { pacticipant, label }));
}

/** The pacticipants with a label, by name. */
export function* labelled(label: string): Program<PacticipantRow[]> {
  const out: PacticipantRow[] = [];
  for (const p of yield* pacticipantsWithLabel(label)) out.push(yield* pacticipantOr404(p.name));
  return out;
}
