/** Requirements versions declare on other pacticipants (issue 21; migration 0019). */
import { get, run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { integer, nullable, rowType, text } from './decode.ts';

export interface RequirementRow {
  version_id: number;
  required_id: number;
  required_name: string;
  at_least: string | null;
  semver_range: string | null;
  created_at: string;
  updated_at: string;
}

const requirementRows = rowType<RequirementRow>('version requirement', {
  version_id: integer,
  required_id: integer,
  required_name: text,
  at_least: nullable(text),
  semver_range: nullable(text),
  created_at: text,
  updated_at: text,
});

/** The requirements these versions declare, ordered by the required pacticipant's name. */
export function* requirementsOfVersions(versionIds: readonly number[]): Program<RequirementRow[]> {
  return yield* requirementRows.allIn([...versionIds], (ids, chunk) => [
    `SELECT r.version_id, r.required_id, p.name AS required_name, r.at_least, r.semver_range, r.created_at, r.updated_at
     FROM version_requirements r JOIN pacticipants p ON p.id = r.required_id
     WHERE r.version_id IN ${ids} ORDER BY p.name`,
    chunk,
  ]);
}

/** Declares (or replaces) the requirement of a version on another pacticipant; what changed. */
export function* saveRequirement(
  versionId: number,
  requiredId: number,
  atLeast: string | null,
  range: string | null,
): Program<'created' | 'updated' | 'same'> {
  const now = nowIso();
  const inserted = yield* run(
    `INSERT INTO version_requirements (version_id, required_id, at_least, semver_range, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version_id, required_id) DO NOTHING`,
    [versionId, requiredId, atLeast, range, now, now],
  );
  if (inserted.changes > 0) return 'created';
  const updated = yield* run(
    `UPDATE version_requirements SET at_least = ?, semver_range = ?, updated_at = ?
     WHERE version_id = ? AND required_id = ? AND (at_least IS DISTINCT FROM ? OR semver_range IS DISTINCT FROM ?)`,
    [atLeast, range, now, versionId, requiredId, atLeast, range],
  );
  return updated.changes > 0 ? 'updated' : 'same';
}

export function* removeRequirement(versionId: number, requiredId: number): Program<boolean> {
  const res = yield* run('DELETE FROM version_requirements WHERE version_id = ? AND required_id = ?', [
    versionId,
    requiredId,
  ]);
  return res.changes > 0;
}

const positionRows = rowType<{ number: string; position: number }>('main-branch position', {
  number: text,
  position: integer,
});

/** Whether any version declares a requirement on this pacticipant (an index lookup). */
export function* isRequiredByAny(pacticipantId: number): Program<boolean> {
  return (
    (yield* get('SELECT 1 AS one FROM version_requirements WHERE required_id = ? LIMIT 1', [pacticipantId])) !==
    undefined
  );
}

/**
 * Where each of `numbers` sits on the pacticipant's main branch (the order versions were added to it): bounded by the
 * versions asked about, never the branch's whole history. Versions not on the main branch are absent.
 */
export function* mainBranchPositions(pacticipantId: number, numbers: readonly string[]): Program<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  const rows = yield* positionRows.allIn([...numbers], (list, chunk) => [
    `SELECT v.number, bv.id AS position FROM versions v
     JOIN branch_versions bv ON bv.version_id = v.id
     JOIN branches b ON b.id = bv.branch_id
     JOIN pacticipants p ON p.id = v.pacticipant_id AND b.name = p.main_branch
     WHERE v.pacticipant_id = ? AND v.number IN ${list}`,
    [pacticipantId, ...chunk],
  ]);
  return new Map(rows.map((r) => [r.number, r.position]));
}
