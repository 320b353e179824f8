import { allEach, IN_CHUNK, inList, run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { countRow, integer, nullable, rowType, text } from './decode.ts';

export interface VersionRow {
  id: number;
  pacticipant_id: number;
  number: string;
  build_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface BranchVersionRow {
  version_id: number;
  branch: string;
  created_at: string;
}

export interface TagRow {
  version_id: number;
  name: string;
  created_at: string;
}

export interface BranchRow {
  id: number;
  name: string;
  created_at: string;
}

export const versionRows = rowType<VersionRow>('version', {
  id: integer,
  pacticipant_id: integer,
  number: text,
  build_url: nullable(text),
  created_at: text,
  updated_at: text,
});
export const branchVersionRows = rowType<BranchVersionRow>('branch version', {
  version_id: integer,
  branch: text,
  created_at: text,
});
export const tagRows = rowType<TagRow>('tag', { version_id: integer, name: text, created_at: text });
const branchRows = rowType<BranchRow>('branch', { id: integer, name: text, created_at: text });

export function* findVersion(pacticipantId: number, number: string): Program<VersionRow | undefined> {
  return yield* versionRows.get('SELECT * FROM versions WHERE pacticipant_id = ? AND number = ?', [
    pacticipantId,
    number,
  ]);
}

export function* findVersionById(id: number): Program<VersionRow | undefined> {
  return yield* versionRows.get('SELECT * FROM versions WHERE id = ?', [id]);
}

export function* ensureVersion(
  pacticipantId: number,
  number: string,
  buildUrl?: string | null,
): Program<{ row: VersionRow; created: boolean }> {
  const now = nowIso();
  const res = yield* run(
    'INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pacticipant_id, number) DO NOTHING',
    [pacticipantId, number, buildUrl ?? null, now, now],
  );
  const row = (yield* findVersion(pacticipantId, number))!;
  if (!res.changes && buildUrl && row.build_url !== buildUrl) {
    yield* run('UPDATE versions SET build_url = ?, updated_at = ? WHERE id = ?', [buildUrl, now, row.id]);
    row.build_url = buildUrl;
  }
  return { row, created: res.changes > 0 };
}

export function* setBuildUrl(versionId: number, buildUrl: string | null): Program<void> {
  yield* run('UPDATE versions SET build_url = ?, updated_at = ? WHERE id = ?', [buildUrl, nowIso(), versionId]);
}

/** Adds the version to the branch (creating the branch). Returns true when newly added. */
export function* addBranchVersion(pacticipantId: number, versionId: number, branch: string): Program<boolean> {
  const now = nowIso();
  yield* run(
    'INSERT INTO branches (pacticipant_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (pacticipant_id, name) DO NOTHING',
    [pacticipantId, branch, now],
  );
  const b = (yield* branchRows.get('SELECT id, name, created_at FROM branches WHERE pacticipant_id = ? AND name = ?', [
    pacticipantId,
    branch,
  ]))!;
  const res = yield* run(
    'INSERT INTO branch_versions (branch_id, version_id, created_at) VALUES (?, ?, ?) ON CONFLICT (branch_id, version_id) DO NOTHING',
    [b.id, versionId, now],
  );
  return res.changes > 0;
}

export function* addTag(versionId: number, tag: string): Program<boolean> {
  const res = yield* run(
    'INSERT INTO tags (version_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (version_id, name) DO NOTHING',
    [versionId, tag, nowIso()],
  );
  return res.changes > 0;
}

export function* removeTag(versionId: number, tag: string): Program<boolean> {
  return (yield* run('DELETE FROM tags WHERE version_id = ? AND name = ?', [versionId, tag])).changes > 0;
}

export function* branchesOfVersions(versionIds: number[]): Program<BranchVersionRow[]> {
  return yield* branchVersionRows.allIn(versionIds, (ids, chunk) => [
    `SELECT bv.version_id, b.name AS branch, bv.created_at FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
     WHERE bv.version_id IN ${ids} ORDER BY bv.id`,
    chunk,
  ]);
}

export function* tagsOfVersions(versionIds: number[]): Program<TagRow[]> {
  return yield* tagRows.allIn(versionIds, (ids, chunk) => [
    `SELECT version_id, name, created_at FROM tags WHERE version_id IN ${ids} ORDER BY id`,
    chunk,
  ]);
}

/**
 * `branchesOfVersions` and `tagsOfVersions` in one round trip (storage/sql.ts `allEach`; as two queries for a list
 * longer than one IN list takes).
 */
export function* branchesAndTagsOfVersions(
  versionIds: number[],
): Program<{ branches: BranchVersionRow[]; tags: TagRow[] }> {
  const ids = [...new Set(versionIds)];
  if (ids.length > IN_CHUNK) return { branches: yield* branchesOfVersions(ids), tags: yield* tagsOfVersions(ids) };
  const list = inList(ids);
  const [branches, tags] = yield* allEach([
    [
      `SELECT bv.version_id, b.name AS branch, bv.created_at FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
       WHERE bv.version_id IN ${list} ORDER BY bv.id`,
      ids,
    ],
    [`SELECT version_id, name, created_at FROM tags WHERE version_id IN ${list} ORDER BY id`, ids],
  ]);
  return { branches: branchVersionRows.decodeAll(branches), tags: tagRows.decodeAll(tags) };
}

/** "Latest" is creation order, never semver, as in the Pact Broker. */
export function* latestVersion(
  pacticipantId: number,
  opts: { tag?: string; branch?: string } = {},
): Program<VersionRow | undefined> {
  if (opts.tag !== undefined) {
    return yield* versionRows.get(
      'SELECT v.* FROM versions v JOIN tags t ON t.version_id = v.id WHERE v.pacticipant_id = ? AND t.name = ? ORDER BY v.id DESC LIMIT 1',
      [pacticipantId, opts.tag],
    );
  }
  if (opts.branch !== undefined) {
    return yield* versionRows.get(
      `SELECT v.* FROM versions v JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id
       WHERE v.pacticipant_id = ? AND b.name = ? ORDER BY v.id DESC LIMIT 1`,
      [pacticipantId, opts.branch],
    );
  }
  return yield* versionRows.get('SELECT * FROM versions WHERE pacticipant_id = ? ORDER BY id DESC LIMIT 1', [
    pacticipantId,
  ]);
}

/**
 * The latest version of each of these pacticipants that has one: one query, each pacticipant's newest version found
 * through the `versions_latest` index (pacticipant_id, id), however long its history.
 */
export function* latestVersionsOf(pacticipantIds: number[]): Program<Map<number, VersionRow>> {
  const rows = yield* versionRows.allIn([...new Set(pacticipantIds)], (ids, chunk) => [
    `SELECT * FROM versions WHERE id IN (
       SELECT (SELECT MAX(v.id) FROM versions v WHERE v.pacticipant_id = p.id) FROM pacticipants p WHERE p.id IN ${ids})`,
    chunk,
  ]);
  return new Map(rows.map((r) => [r.pacticipant_id, r]));
}

export function* listVersions(
  pacticipantId: number,
  limit: number,
  offset: number,
): Program<{ rows: VersionRow[]; total: number }> {
  const rows = yield* versionRows.all(
    'SELECT * FROM versions WHERE pacticipant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
    [pacticipantId, limit, offset],
  );
  const count = yield* countRow.get('SELECT COUNT(*) AS n FROM versions WHERE pacticipant_id = ?', [pacticipantId]);
  return { rows, total: count?.n ?? 0 };
}

export function* versionsOnBranch(pacticipantId: number, branch: string): Program<VersionRow[]> {
  return yield* versionRows.all(
    `SELECT v.* FROM versions v JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id
     WHERE v.pacticipant_id = ? AND b.name = ? ORDER BY v.id DESC`,
    [pacticipantId, branch],
  );
}

export function* listBranches(pacticipantId: number): Program<BranchRow[]> {
  return yield* branchRows.all('SELECT id, name, created_at FROM branches WHERE pacticipant_id = ? ORDER BY name', [
    pacticipantId,
  ]);
}

export function* findBranch(pacticipantId: number, name: string): Program<BranchRow | undefined> {
  return yield* branchRows.get('SELECT id, name, created_at FROM branches WHERE pacticipant_id = ? AND name = ?', [
    pacticipantId,
    name,
  ]);
}

export function* deleteBranch(branchId: number): Program<void> {
  yield* run('DELETE FROM branches WHERE id = ?', [branchId]);
}

/** Takes a version off a branch; false when it was not on it. */
export function* removeBranchVersion(branchId: number, versionId: number): Program<boolean> {
  return (
    (yield* run('DELETE FROM branch_versions WHERE branch_id = ? AND version_id = ?', [branchId, versionId])).changes >
    0
  );
}
