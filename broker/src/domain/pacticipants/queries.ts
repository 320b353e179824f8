import { listPacticipants, type PacticipantRow } from '../../repositories/pacticipants.ts';
import { latestVersionsOf, type VersionRow } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404 } from '../lookup.ts';

export type { PacticipantRow } from '../../repositories/pacticipants.ts';
export type { VersionRow } from '../../repositories/versions.ts';

/** A pacticipant with its latest version (creation order), which its resource embeds. */
export interface PacticipantView {
  row: PacticipantRow;
  latest?: VersionRow;
}

/** A page of pacticipants by name, each with its latest version, and the total. */
export function* pacticipantPage(limit: number, offset: number): Program<{ rows: PacticipantView[]; total: number }> {
  const { rows, total } = yield* listPacticipants(limit, offset);
  const latest = yield* latestVersionsOf(rows.map((r) => r.id));
  return { rows: rows.map((row) => ({ row, latest: latest.get(row.id) })), total };
}

/** One pacticipant (404 when unknown) with its latest version. */
export function* pacticipantView(name: string): Program<PacticipantView> {
  const row = yield* pacticipantOr404(name);
  const latest = yield* latestVersionsOf([row.id]);
  return { row, latest: latest.get(row.id) };
}
