/**
 * The service graph's declared-requirement edges (issue 21): one per (requiring pacticipant, required pacticipant)
 * that some version declares, drawn in their own style. With an environment, the state is the worst verdict of the
 * requirements the live versions there declare, against the required pacticipant's live versions.
 */
import { describeRequirement, satisfies, type Requirement } from '../../gate/rollback/requirements.ts';
import { mainBranchPositions, requirementsOfVersions } from '../../repositories/requirements.ts';
import { all, type Program } from '../../storage/sql.ts';

export interface DeclaredEdge {
  consumer: string;
  provider: string;
  state: 'compatible' | 'incompatible' | 'unknown' | 'not-deployed' | 'no-environment';
  detail: string;
}

interface Live {
  pacticipant_id: number;
  pacticipant: string;
  version_id: number;
  version: string;
}

const RANK = { compatible: 0, unknown: 1, incompatible: 2 } as const;

export function* declaredEdges(environment: string | undefined, live: readonly Live[]): Program<DeclaredEdge[]> {
  const pairs = yield* all<{ consumer: string; provider: string }>(
    `SELECT DISTINCT c.name AS consumer, p.name AS provider FROM version_requirements r
     JOIN versions v ON v.id = r.version_id JOIN pacticipants c ON c.id = v.pacticipant_id
     JOIN pacticipants p ON p.id = r.required_id ORDER BY c.name, p.name`,
  );
  if (pairs.length === 0) return [];
  if (environment === undefined)
    return pairs.map((e) => ({
      ...e,
      state: 'no-environment',
      detail: `${e.consumer} declares it requires ${e.provider}`,
    }));
  const byId = new Map(live.map((l) => [l.version_id, l]));
  const liveOf = new Map<string, Live[]>();
  for (const l of live) {
    const list = liveOf.get(l.pacticipant);
    if (list) list.push(l);
    else liveOf.set(l.pacticipant, [l]);
  }
  const worst = new Map<string, { verdict: keyof typeof RANK; detail: string }>();
  for (const r of yield* requirementsOfVersions([...byId.keys()])) {
    const from = byId.get(r.version_id)!;
    const requirement: Requirement = r.semver_range !== null ? { range: r.semver_range } : { atLeast: r.at_least! };
    const others = liveOf.get(r.required_name) ?? [];
    const positions =
      requirement.atLeast !== undefined
        ? yield* mainBranchPositions(r.required_id, [requirement.atLeast, ...others.map((o) => o.version)])
        : new Map<string, number>();
    for (const o of others) {
      const verdict = satisfies(requirement, o.version, (v) => positions.get(v));
      const key = `${from.pacticipant}\u0000${r.required_name}`;
      const seen = worst.get(key);
      if (!seen || RANK[verdict] > RANK[seen.verdict])
        worst.set(key, {
          verdict,
          detail: `${from.pacticipant} ${from.version} declares it requires ${r.required_name} ${describeRequirement(requirement)}: ${r.required_name} ${o.version} is ${verdict} (declared) in ${environment}`,
        });
    }
  }
  return pairs.map((e) => {
    const w = worst.get(`${e.consumer}\u0000${e.provider}`);
    return w
      ? { ...e, state: w.verdict, detail: w.detail }
      : { ...e, state: 'not-deployed', detail: `${e.consumer} → ${e.provider}: no live version there declares it` };
  });
}

export interface DeclaredBetween {
  pacticipant: string;
  version: string;
  requires: string;
  requirement: string;
  /** Against each of the other pacticipant's versions asked about, when semver (or main-branch order) can tell. */
  verdicts: Array<{ version: string; verdict: 'compatible' | 'incompatible' | 'unknown' }>;
}

/**
 * The requirements versions of `a` declare on `b` and of `b` on `a` (the matrix page shows them beside the pact
 * cells), each evaluated against the other's versions in `shown` (the page's columns or rows).
 */
export function* declaredBetween(
  a: string,
  b: string,
  shown: ReadonlyMap<string, readonly string[]>,
): Program<DeclaredBetween[]> {
  const rows = yield* all<{ version_id: number; pacticipant: string; version: string; required: string }>(
    `SELECT r.version_id, c.name AS pacticipant, v.number AS version, p.name AS required FROM version_requirements r
     JOIN versions v ON v.id = r.version_id JOIN pacticipants c ON c.id = v.pacticipant_id
     JOIN pacticipants p ON p.id = r.required_id
     WHERE (c.name = ? AND p.name = ?) OR (c.name = ? AND p.name = ?) ORDER BY c.name, v.id DESC LIMIT 50`,
    [a, b, b, a],
  );
  if (rows.length === 0) return [];
  const out: DeclaredBetween[] = [];
  for (const r of yield* requirementsOfVersions(rows.map((x) => x.version_id))) {
    const from = rows.find((x) => x.version_id === r.version_id && x.required === r.required_name);
    if (!from) continue;
    const requirement: Requirement = r.semver_range !== null ? { range: r.semver_range } : { atLeast: r.at_least! };
    const others = shown.get(r.required_name) ?? [];
    const positions =
      requirement.atLeast !== undefined
        ? yield* mainBranchPositions(r.required_id, [requirement.atLeast, ...others])
        : new Map<string, number>();
    out.push({
      pacticipant: from.pacticipant,
      version: from.version,
      requires: r.required_name,
      requirement: describeRequirement(requirement),
      verdicts: others.map((v) => ({ version: v, verdict: satisfies(requirement, v, (x) => positions.get(x)) })),
    });
  }
  return out;
}
