/**
 * The overview's pacticipants (issue 19), one page at a time: names filtered and paged in SQL, then the page's latest
 * versions, branches (main first) and placements. Reads grow with the page, not with the organisation's history.
 */
import { environmentByNameOr400 } from '../lookup.ts';
import { branchesOfVersions } from '../../repositories/versions.ts';
import { all, get, inList, type Program } from '../../storage/sql.ts';

export interface ListedPlacement {
  environment: string;
  application_instance: string | null;
  version: string;
  kind: 'deployed' | 'released';
}

export interface ListedPacticipant {
  name: string;
  displayName: string | null;
  mainBranch: string | null;
  latest: { number: string; createdAt: string; branches: string[] } | null;
  /** The main branch first (when it exists), then the newest others; `branchCount` says how many there are. */
  branches: string[];
  branchCount: number;
  placements: ListedPlacement[];
}

export interface PacticipantList {
  rows: ListedPacticipant[];
  /** Pacticipants matching the filters, and in all. */
  total: number;
  all: number;
  page: number;
  size: number;
}

const BRANCHES_SHOWN = 6;

export function* pacticipantList(f: {
  name?: string;
  environment?: string;
  page: number;
  size: number;
}): Program<PacticipantList> {
  const env = f.environment ? yield* environmentByNameOr400(f.environment) : undefined;
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.name) {
    where.push("LOWER(p.name) LIKE ? ESCAPE '\\'");
    params.push(`%${f.name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (env) {
    where.push(`p.id IN (SELECT pacticipant_id FROM deployed_versions WHERE environment_id = ? AND undeployed_at IS NULL
      UNION SELECT pacticipant_id FROM released_versions WHERE environment_id = ? AND support_ended_at IS NULL)`);
    params.push(env.id, env.id);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (yield* get<{ n: number }>(`SELECT COUNT(*) AS n FROM pacticipants p ${w}`, params))!.n;
  const everyone = where.length ? (yield* get<{ n: number }>('SELECT COUNT(*) AS n FROM pacticipants'))!.n : total;
  const ps = yield* all<{ id: number; name: string; display_name: string | null; main_branch: string | null }>(
    `SELECT p.id, p.name, p.display_name, p.main_branch FROM pacticipants p ${w} ORDER BY p.name LIMIT ? OFFSET ?`,
    [...params, f.size, (f.page - 1) * f.size],
  );
  if (!ps.length) return { rows: [], total, all: everyone, page: f.page, size: f.size };
  const ids = ps.map((p) => p.id);
  const latest = yield* all<{ pacticipant_id: number; id: number; number: string; created_at: string }>(
    `SELECT v.pacticipant_id, v.id, v.number, v.created_at FROM versions v WHERE v.id IN
       (SELECT (SELECT MAX(x.id) FROM versions x WHERE x.pacticipant_id = p.id) FROM pacticipants p WHERE p.id IN ${inList(ids)})`,
    ids,
  );
  const latestBranches = latest.length ? yield* branchesOfVersions(latest.map((l) => l.id)) : [];
  // The main branch and the newest others, at most BRANCHES_SHOWN a pacticipant, with how many it has.
  const branches = yield* all<{ pacticipant_id: number; name: string; n: number }>(
    `SELECT pacticipant_id, name, n FROM (
       SELECT b.pacticipant_id, b.name, COUNT(*) OVER (PARTITION BY b.pacticipant_id) AS n,
         ROW_NUMBER() OVER (PARTITION BY b.pacticipant_id
           ORDER BY CASE WHEN b.name = p.main_branch THEN 0 ELSE 1 END, b.created_at DESC, b.id DESC) AS k
       FROM branches b JOIN pacticipants p ON p.id = b.pacticipant_id WHERE b.pacticipant_id IN ${inList(ids)}) x
     WHERE k <= ? ORDER BY pacticipant_id, k`,
    [...ids, BRANCHES_SHOWN],
  );
  const placements = yield* all<ListedPlacement & { pacticipant_id: number }>(
    `SELECT d.pacticipant_id, e.name AS environment, d.application_instance, v.number AS version, 'deployed' AS kind
     FROM deployed_versions d JOIN versions v ON v.id = d.version_id JOIN environments e ON e.id = d.environment_id
     WHERE d.undeployed_at IS NULL AND d.pacticipant_id IN ${inList(ids)}
     UNION ALL
     SELECT r.pacticipant_id, e.name AS environment, NULL AS application_instance, v.number AS version, 'released' AS kind
     FROM released_versions r JOIN versions v ON v.id = r.version_id JOIN environments e ON e.id = r.environment_id
     WHERE r.support_ended_at IS NULL AND r.pacticipant_id IN ${inList(ids)}`,
    [...ids, ...ids],
  );
  placements.sort(
    (a, b) =>
      cmp(a.environment, b.environment) ||
      cmp(a.application_instance ?? '', b.application_instance ?? '') ||
      cmp(a.version, b.version),
  );
  const latestBy = new Map(latest.map((l) => [l.pacticipant_id, l]));
  return {
    total,
    all: everyone,
    page: f.page,
    size: f.size,
    rows: ps.map((p) => {
      const l = latestBy.get(p.id);
      const own = branches.filter((b) => b.pacticipant_id === p.id);
      return {
        name: p.name,
        displayName: p.display_name,
        mainBranch: p.main_branch,
        latest: l
          ? {
              number: l.number,
              createdAt: l.created_at,
              branches: mainFirst(
                latestBranches.filter((b) => b.version_id === l.id).map((b) => b.branch),
                p.main_branch,
              ),
            }
          : null,
        branches: own.map((b) => b.name),
        branchCount: own[0]?.n ?? 0,
        placements: placements.filter((x) => x.pacticipant_id === p.id).map(({ pacticipant_id: _, ...x }) => x),
      };
    }),
  };
}

/** The main branch first, the others in the order given. */
function mainFirst(branches: string[], main: string | null): string[] {
  return main !== null && branches.includes(main) ? [main, ...branches.filter((b) => b !== main)] : branches;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
