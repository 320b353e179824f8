import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { integer, rowType, text } from './decode.ts';

const labelNameRows = rowType<{ name: string }>('label', { name: text });
const labelledRows = rowType<{ pacticipant: string; name: string }>('pacticipant label', {
  pacticipant: text,
  name: text,
});
const pacticipantRefRows = rowType<{ id: number; name: string }>('pacticipant', { id: integer, name: text });

export function* addLabel(pacticipantId: number, name: string): Program<boolean> {
  const res = yield* run(
    'INSERT INTO labels (pacticipant_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (pacticipant_id, name) DO NOTHING',
    [pacticipantId, name, nowIso()],
  );
  return res.changes > 0;
}

export function* removeLabel(pacticipantId: number, name: string): Program<boolean> {
  return (yield* run('DELETE FROM labels WHERE pacticipant_id = ? AND name = ?', [pacticipantId, name])).changes > 0;
}

export function* labelsOf(pacticipantId: number): Program<string[]> {
  return (yield* labelNameRows.all('SELECT name FROM labels WHERE pacticipant_id = ? ORDER BY name', [
    pacticipantId,
  ])).map((r) => r.name);
}

/** Labels of pacticipants by name, for webhook filters. */
export function* labelsByName(names: string[]): Program<Map<string, string[]>> {
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  if (!names.length) return out;
  const rows = yield* labelledRows.all(
    `SELECT p.name AS pacticipant, l.name FROM labels l JOIN pacticipants p ON p.id = l.pacticipant_id WHERE p.name IN (${names.map(() => '?').join(',')})`,
    names,
  );
  for (const r of rows) out.get(r.pacticipant)?.push(r.name);
  return out;
}

export function* pacticipantsWithLabel(name: string): Program<{ id: number; name: string }[]> {
  return yield* pacticipantRefRows.all(
    'SELECT p.id, p.name FROM pacticipants p JOIN labels l ON l.pacticipant_id = p.id WHERE l.name = ? ORDER BY p.name',
    [name],
  );
}
