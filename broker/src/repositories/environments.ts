import { get, run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

export interface EnvironmentRow {
  id: number;
  uuid: string;
  name: string;
  display_name: string | null;
  production: number;
  contacts: string | null;
  created_at: string;
  updated_at: string;
}

export const environmentRows = rowType<EnvironmentRow>('environment', {
  id: integer,
  uuid: text,
  name: text,
  display_name: nullable(text),
  production: flag,
  contacts: nullable(text),
  created_at: text,
  updated_at: text,
});

export interface EnvironmentFields {
  name: string;
  displayName?: string | null;
  production: boolean;
  contacts?: unknown;
}

export function* findEnvironmentByUuid(uuid: string): Program<EnvironmentRow | undefined> {
  return yield* environmentRows.get('SELECT * FROM environments WHERE uuid = ?', [uuid]);
}

export function* findEnvironmentByName(name: string): Program<EnvironmentRow | undefined> {
  return yield* environmentRows.get('SELECT * FROM environments WHERE name = ?', [name]);
}

export function* listEnvironments(): Program<EnvironmentRow[]> {
  return yield* environmentRows.all('SELECT * FROM environments ORDER BY name');
}

export function* insertEnvironment(uuid: string, f: EnvironmentFields): Program<EnvironmentRow> {
  const now = nowIso();
  yield* run(
    'INSERT INTO environments (uuid, name, display_name, production, contacts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      uuid,
      f.name,
      f.displayName ?? null,
      f.production ? 1 : 0,
      f.contacts === undefined ? null : JSON.stringify(f.contacts),
      now,
      now,
    ],
  );
  return (yield* findEnvironmentByUuid(uuid))!;
}

export function* updateEnvironment(id: number, f: EnvironmentFields): Program<void> {
  yield* run(
    'UPDATE environments SET name = ?, display_name = ?, production = ?, contacts = ?, updated_at = ? WHERE id = ?',
    [
      f.name,
      f.displayName ?? null,
      f.production ? 1 : 0,
      f.contacts === undefined ? null : JSON.stringify(f.contacts),
      nowIso(),
      id,
    ],
  );
}

export function* environmentHasHistory(id: number): Program<boolean> {
  const d = yield* get('SELECT 1 AS x FROM deployed_versions WHERE environment_id = ? LIMIT 1', [id]);
  const r = yield* get('SELECT 1 AS x FROM released_versions WHERE environment_id = ? LIMIT 1', [id]);
  return Boolean(d || r);
}

export function* deleteEnvironment(id: number): Program<void> {
  yield* run('DELETE FROM environments WHERE id = ?', [id]);
}

export function* findEnvironmentById(id: number): Program<EnvironmentRow | undefined> {
  return yield* environmentRows.get('SELECT * FROM environments WHERE id = ?', [id]);
}
