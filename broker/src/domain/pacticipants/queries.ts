import { labelsByName } from '../../repositories/labels.ts';
import { listPacticipants, type PacticipantRow } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';

export type { PacticipantRow } from '../../repositories/pacticipants.ts';

/** A page of pacticipants by name, with the total and their labels (one query for the page). */
export function* pacticipantPage(
  limit: number,
  offset: number,
): Program<{ rows: PacticipantRow[]; total: number; labels: Map<string, string[]> }> {
  const page = yield* listPacticipants(limit, offset);
  return { ...page, labels: yield* labelsByName(page.rows.map((r) => r.name)) };
}
