import { allEach, IN_CHUNK, inList, type Program, type SqlParam } from '../storage/sql.ts';
import { flag, integer, nullable, oneOf, rowType, text } from './decode.ts';
import {
  type BranchVersionRow,
  branchesOfVersions,
  branchVersionRows,
  type TagRow,
  tagRows,
  tagsOfVersions,
  type VersionRow,
  versionRows,
} from './versions.ts';

interface VersionEnvironmentRow {
  version_id: number;
  name: string;
  uuid: string;
  display_name: string | null;
  production: number;
}
const versionEnvironmentViaRows = rowType<VersionEnvironmentRow & { via: string }>('version environment', {
  version_id: integer,
  name: text,
  uuid: text,
  display_name: nullable(text),
  production: flag,
  via: text,
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

export const versionInEnvironmentRows = rowType<VersionRow & { via: 'deployed' | 'released' }>(
  'version in environment',
  {
    ...versionRows.columns,
    via: oneOf('deployed', 'released'),
  },
);

/** Versions currently deployed or currently supported (released) in an environment, optionally of one pacticipant. */
export function* versionsInEnvironment(
  environmentId: number,
  pacticipantId?: number,
): Program<(VersionRow & { via: 'deployed' | 'released' })[]> {
  const byPacticipant = yield* versionsInEnvironmentOf(
    environmentId,
    pacticipantId === undefined ? undefined : [pacticipantId],
  );
  return [...byPacticipant.values()].flat().sort((a, b) => b.id - a.id);
}

/**
 * Versions currently deployed or currently supported (released) in an environment, by pacticipant, newest first
 * (a version both deployed and released counts as deployed): one query for any number of pacticipants (every
 * pacticipant without a list).
 */
export function* versionsInEnvironmentOf(
  environmentId: number,
  pacticipantIds?: readonly number[],
): Program<Map<number, (VersionRow & { via: 'deployed' | 'released' })[]>> {
  if (pacticipantIds?.length === 0) return new Map();
  const ids = pacticipantIds ? [...new Set(pacticipantIds)] : [];
  const [sql, params] = versionsInEnvironmentQuery(
    environmentId,
    pacticipantIds ? [`IN ${inList(ids)}`, ids] : undefined,
  );
  return byPacticipantNewestFirst(yield* versionInEnvironmentRows.all(sql, params));
}

export type VersionInEnvironment = VersionRow & { via: 'deployed' | 'released' };

/**
 * The statement of `versionsInEnvironmentOf`; `pacticipants` a condition on `x.pacticipant_id` (`IN (...)` or
 * `IN (SELECT ...)`) with its parameters, or every pacticipant without one.
 */
export function versionsInEnvironmentQuery(
  environmentId: number,
  pacticipants?: [string, SqlParam[]],
): [string, SqlParam[]] {
  const extra = pacticipants ? ` AND x.pacticipant_id ${pacticipants[0]}` : '';
  const ps = pacticipants?.[1] ?? [];
  return [
    `SELECT DISTINCT v.*, 'deployed' AS via FROM deployed_versions x JOIN versions v ON v.id = x.version_id
      WHERE x.environment_id = ? AND x.undeployed_at IS NULL${extra}
     UNION ALL
     SELECT DISTINCT v.*, 'released' AS via FROM released_versions x JOIN versions v ON v.id = x.version_id
      WHERE x.environment_id = ? AND x.support_ended_at IS NULL${extra}`,
    [environmentId, ...ps, environmentId, ...ps],
  ];
}

/** Rows of `versionsInEnvironmentQuery` by pacticipant, newest first; a version deployed and released counts as deployed. */
export function byPacticipantNewestFirst(rows: VersionInEnvironment[]): Map<number, VersionInEnvironment[]> {
  const out = new Map<number, VersionInEnvironment[]>();
  const seen = new Map<number, VersionInEnvironment>();
  for (const v of rows) if (v.via === 'deployed' || !seen.has(v.id)) seen.set(v.id, v);
  for (const v of [...seen.values()].sort((a, b) => b.id - a.id)) {
    const list = out.get(v.pacticipant_id);
    if (list) list.push(v);
    else out.set(v.pacticipant_id, [v]);
  }
  return out;
}

const ENVIRONMENTS_OF_VERSIONS = (list: string) =>
  `SELECT DISTINCT x.version_id, e.name, e.uuid, e.display_name, e.production, 'deployed' AS via FROM deployed_versions x
     JOIN environments e ON e.id = x.environment_id WHERE x.undeployed_at IS NULL AND x.version_id IN ${list}
   UNION ALL
   SELECT DISTINCT x.version_id, e.name, e.uuid, e.display_name, e.production, 'released' AS via FROM released_versions x
     JOIN environments e ON e.id = x.environment_id WHERE x.support_ended_at IS NULL AND x.version_id IN ${list}`;
const deploymentsFirst = <T extends { via: string }>(rows: T[]): T[] => [
  ...rows.filter((r) => r.via === 'deployed'),
  ...rows.filter((r) => r.via === 'released'),
];

/** The environments each version is currently deployed or released in (deployments first): one query. */
export function* currentEnvironmentsOfVersions(ids: number[]): Program<(VersionEnvironmentRow & { via: string })[]> {
  const unique = [...new Set(ids)];
  return deploymentsFirst(
    yield* versionEnvironmentViaRows.all(ENVIRONMENTS_OF_VERSIONS(inList(unique)), [...unique, ...unique]),
  );
}

/**
 * The branches, tags and current environments of some versions (the matrix's display details), in one round trip
 * (storage/sql.ts `allEach`); as `branchesOfVersions`, `tagsOfVersions` and `currentEnvironmentsOfVersions`.
 */
export function* detailsOfVersions(ids: number[]): Program<{
  branches: BranchVersionRow[];
  tags: TagRow[];
  environments: (VersionEnvironmentRow & { via: string })[];
}> {
  const unique = [...new Set(ids)];
  if (unique.length > IN_CHUNK)
    return {
      branches: yield* branchesOfVersions(unique),
      tags: yield* tagsOfVersions(unique),
      environments: yield* currentEnvironmentsOfVersions(unique),
    };
  const list = inList(unique);
  const [branches, tags, environments] = yield* allEach([
    [
      `SELECT bv.version_id, b.name AS branch, bv.created_at FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
       WHERE bv.version_id IN ${list} ORDER BY bv.id`,
      unique,
    ],
    [`SELECT version_id, name, created_at FROM tags WHERE version_id IN ${list} ORDER BY id`, unique],
    [ENVIRONMENTS_OF_VERSIONS(list), [...unique, ...unique]],
  ]);
  return {
    branches: branchVersionRows.decodeAll(branches),
    tags: tagRows.decodeAll(tags),
    environments: deploymentsFirst(versionEnvironmentViaRows.decodeAll(environments)),
  };
}
