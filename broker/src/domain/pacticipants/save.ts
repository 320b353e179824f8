import {
  ensurePacticipant,
  findPacticipant,
  updatePacticipant,
  type PacticipantFields,
  type PacticipantRow,
} from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';

/**
 * create-or-update-pacticipant: creates a missing pacticipant, then sets the given fields (`replace`:
 * every field, unset ones cleared, as PUT does; otherwise only the given ones, as POST and PATCH do).
 */
export function* savePacticipant(
  hooks: Hooks,
  name: string,
  fields: PacticipantFields,
  replace: boolean,
): Program<{ row: PacticipantRow; created: boolean }> {
  const existed = yield* findPacticipant(name);
  const p = yield* ensurePacticipant(name);
  yield* updatePacticipant(p.id, fields, replace);
  yield* hooks.emit(existed ? 'pacticipantUpdated' : 'pacticipantCreated', { pacticipantId: p.id, name });
  return { row: (yield* findPacticipant(name))!, created: !existed };
}
