import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { countRow, integer, nullable, rowType, text } from './decode.ts';

export interface PacticipantRow {
  id: number;
  name: string;
  display_name: string | null;
  main_branch: string | null;
  repository_url: string | null;
  repository_name: string | null;
  repository_namespace: string | null;
  created_at: string;
  updated_at: string;
}

export const pacticipantRows = rowType<PacticipantRow>('pacticipant', {
  id: integer,
  name: text,
  display_name: nullable(text),
  main_branch: nullable(text),
  repository_url: nullable(text),
  repository_name: nullable(text),
  repository_namespace: nullable(text),
  created_at: text,
  updated_at: text,
});
/** A pacticipant's id and name (`pacticipantNames`, and reads that take the names along: repositories/pacts.ts). */
export const pacticipantNameRows = rowType<{ id: number; name: string }>('pacticipant name', {
  id: integer,
  name: text,
});

export interface PacticipantFields {
  displayName?: string | null;
  mainBranch?: string | null;
  repositoryUrl?: string | null;
  repositoryName?: string | null;
  repositoryNamespace?: string | null;
}

const COLUMNS: Record<keyof PacticipantFields, string> = {
  displayName: 'display_name',
  mainBranch: 'main_branch',
  repositoryUrl: 'repository_url',
  repositoryName: 'repository_name',
  repositoryNamespace: 'repository_namespace',
};

export function* findPacticipant(name: string): Program<PacticipantRow | undefined> {
  return yield* pacticipantRows.get('SELECT * FROM pacticipants WHERE name = ?', [name]);
}

export function* findPacticipantById(id: number): Program<PacticipantRow | undefined> {
  return yield* pacticipantRows.get('SELECT * FROM pacticipants WHERE id = ?', [id]);
}

/** Insert-and-ignore, then select: concurrent creators of one name never deadlock or duplicate. */
export function* ensurePacticipant(name: string): Program<PacticipantRow> {
  const now = nowIso();
  yield* run('INSERT INTO pacticipants (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
    name,
    now,
    now,
  ]);
  return (yield* findPacticipant(name))!;
}

export function* updatePacticipant(id: number, fields: PacticipantFields, replace = false): Program<void> {
  const sets: string[] = [];
  const params: (string | null)[] = [];
  for (const [key, column] of Object.entries(COLUMNS) as [keyof PacticipantFields, string][]) {
    if (fields[key] !== undefined || replace) {
      sets.push(`${column} = ?`);
      params.push(fields[key] ?? null);
    }
  }
  if (!sets.length) return;
  yield* run(`UPDATE pacticipants SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`, [...params, nowIso(), id]);
}

export function* listPacticipants(limit: number, offset: number): Program<{ rows: PacticipantRow[]; total: number }> {
  const rows = yield* pacticipantRows.all('SELECT * FROM pacticipants ORDER BY name LIMIT ? OFFSET ?', [limit, offset]);
  const count = yield* countRow.get('SELECT COUNT(*) AS n FROM pacticipants');
  return { rows, total: count?.n ?? 0 };
}

/** The given pacticipants, by id, in one query per chunk of ids. */
export function* pacticipantsByIds(ids: number[]): Program<Map<number, PacticipantRow>> {
  const rows = yield* pacticipantRows.allIn(ids, (list, chunk) => [
    `SELECT * FROM pacticipants WHERE id IN ${list}`,
    chunk,
  ]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Names of the given pacticipants, by id (chunked: any number of ids). */
export function* pacticipantNames(ids: number[]): Program<Map<number, string>> {
  const rows = yield* pacticipantNameRows.allIn(ids, (list, chunk) => [
    `SELECT id, name FROM pacticipants WHERE id IN ${list}`,
    chunk,
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

const idRows = rowType<{ id: number; name: string }>('pacticipant id', { id: integer, name: text });

/** Ids by name, for the names that exist. */
export function* pacticipantIds(names: readonly string[]): Program<Map<string, number>> {
  const rows = yield* idRows.allIn([...names], (list, chunk) => [
    `SELECT id, name FROM pacticipants WHERE name IN ${list}`,
    chunk,
  ]);
  return new Map(rows.map((r) => [r.name, r.id]));
}
