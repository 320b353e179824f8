import { listPacticipants, type PacticipantRow } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';

export type { PacticipantRow } from '../../repositories/pacticipants.ts';

/** A page of pacticipants by name, with the total. */
export function* pacticipantPage(limit: number, offset: number): Program<{ rows: PacticipantRow[]; total: number }> {
  return yield* listPacticipants(limit, offset);
}
