import { inList, type Program } from '../storage/sql.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';
import { type VersionRow, versionRows } from './versions.ts';

const consumerIdRows = rowType<{ consumer_id: number }>('consumer id', { consumer_id: integer });
interface VersionEnvironmentRow {
  version_id: number;
  name: string;
  uuid: string;
  display_name: string | null;
  production: number;
}
const versionEnvironmentRows = rowType<VersionEnvironmentRow>('version environment', {
  version_id: integer,
  name: text,
  uuid: text,
  display_name: nullable(text),
  production: flag,
});

/** Read programs for the matrix, can-i-deploy and pacts for verification. */

export function* versionsWithTag(pacticipantId: number, tag: string): Program<VersionRow[]> {
  return yield* versionRows.all(
    'SELECT v.* FROM versions v JOIN tags t ON t.version_id = v.id WHERE v.pacticipant_id = ? AND t.name = ? ORDER BY v.id DESC',
    [pacticipantId, tag],
  );
}

export function* allVersionsOf(pacticipantId: number): Program<VersionRow[]> {
  return yield* versionRows.all('SELECT * FROM versions WHERE pacticipant_id = ? ORDER BY id DESC', [pacticipantId]);
}

/** Versions currently deployed or currently supported (released) in an environment, optionally of one pacticipant. */
export function* versionsInEnvironment(
  environmentId: number,
  pacticipantId?: number,
): Program<(VersionRow & { via: 'deployed' | 'released' })[]> {
  const extra = pacticipantId === undefined ? '' : ' AND x.pacticipant_id = ?';
  const params = pacticipantId === undefined ? [environmentId] : [environmentId, pacticipantId];
  const deployed = yield* versionRows.all(
    `SELECT DISTINCT v.* FROM deployed_versions x JOIN versions v ON v.id = x.version_id WHERE x.environment_id = ? AND x.undeployed_at IS NULL${extra} ORDER BY v.id DESC`,
    params,
  );
  const released = yield* versionRows.all(
    `SELECT DISTINCT v.* FROM released_versions x JOIN versions v ON v.id = x.version_id WHERE x.environment_id = ? AND x.support_ended_at IS NULL${extra} ORDER BY v.id DESC`,
    params,
  );
  const out = new Map<number, VersionRow & { via: 'deployed' | 'released' }>();
  for (const v of deployed) out.set(v.id, { ...v, via: 'deployed' });
  for (const v of released) if (!out.has(v.id)) out.set(v.id, { ...v, via: 'released' });
  return [...out.values()].sort((a, b) => b.id - a.id);
}

/** Names of the consumers that ever published a pact with the provider. */
export function* consumerIdsOfProvider(providerId: number): Program<number[]> {
  const rows = yield* consumerIdRows.all(
    'SELECT DISTINCT consumer_id FROM pact_publications WHERE provider_id = ? ORDER BY consumer_id',
    [providerId],
  );
  return rows.map((r) => r.consumer_id);
}

/** The environments each version is currently deployed or released in. */
export function* currentEnvironmentsOfVersions(ids: number[]): Program<(VersionEnvironmentRow & { via: string })[]> {
  const unique = [...new Set(ids)];
  const d = yield* versionEnvironmentRows.all(
    `SELECT DISTINCT x.version_id, e.name, e.uuid, e.display_name, e.production FROM deployed_versions x JOIN environments e ON e.id = x.environment_id
     WHERE x.undeployed_at IS NULL AND x.version_id IN ${inList(unique)}`,
    unique,
  );
  const r = yield* versionEnvironmentRows.all(
    `SELECT DISTINCT x.version_id, e.name, e.uuid, e.display_name, e.production FROM released_versions x JOIN environments e ON e.id = x.environment_id
     WHERE x.support_ended_at IS NULL AND x.version_id IN ${inList(unique)}`,
    unique,
  );
  return [...d.map((x) => ({ ...x, via: 'deployed' })), ...r.map((x) => ({ ...x, via: 'released' }))];
}
