/**
 * The matrix page's read model (issues 7 and 19): one page of consumer versions (rows) × one page of provider versions
 * (columns) of an integration, each cell decided by the evidence resolver. Filters by branch, by environment (ever
 * deployed or released there), to versions live now, and to cells of one state; rows and columns are paged with their
 * totals, so a read grows with the page, not with the integration's history.
 */
import {
  resolveEvidence,
  evidenceKey,
  type PairEvidence,
  type EvidenceQuery,
  type Verdict,
} from '../evidence/resolve.ts';
import { pacticipantOr404, environmentByNameOr400 } from '../lookup.ts';
import { listEnvironments, type EnvironmentRow } from '../../repositories/environments.ts';
import { publicationsOfVersionsForProvider } from '../../repositories/pacts.ts';
import { branchesOfVersions, listBranches } from '../../repositories/versions.ts';
import { all, get, inList, type Program, type SqlParam } from '../../storage/sql.ts';

export const MATRIX_MAX_LIMIT = 30;

export interface MatrixFilters {
  consumerBranch?: string;
  providerBranch?: string;
  environment?: string;
  /** Only versions deployed or released now (in `environment` when given, else anywhere). */
  live?: boolean;
  /** Only rows and columns with at least one cell of this state (on the page shown). */
  state?: Verdict;
  limit: number;
  /** 1-based pages of the rows (consumer versions) and of the columns (provider versions). */
  page: number;
  columnsPage: number;
}

interface Axis<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

export interface MatrixData {
  consumer: string;
  provider: string;
  consumerVersions: Axis<{
    id: number;
    number: string;
    branches: string[];
    pactSha: string;
    pactVersionId: number;
    live: string[];
  }>;
  providerVersions: Axis<{ id: number; number: string; branches: string[]; live: string[] }>;
  cells: Map<string, PairEvidence>;
  /** When a verification of an unknown cell was requested from the provider's pipeline (by evidence key). */
  requestedAt: Map<string, string>;
  /** Rows and columns of the page before the state filter took out those without a cell of that state. */
  unfiltered: { rows: number; columns: number };
  consumerBranches: string[];
  providerBranches: string[];
  environments: EnvironmentRow[];
}

/** The WHERE clause of one axis: the pacticipant's versions, with the filters that apply to it. */
function axisWhere(
  pacticipantId: number,
  f: { branch?: string; environmentId?: number; live?: boolean; pactWith?: number },
): { sql: string; params: SqlParam[] } {
  const parts = ['v.pacticipant_id = ?'];
  const params: SqlParam[] = [pacticipantId];
  if (f.pactWith !== undefined) {
    parts.push(
      'EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.consumer_version_id = v.id AND pp.provider_id = ?)',
    );
    params.push(f.pactWith);
  }
  if (f.branch) {
    parts.push(
      'v.id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE b.pacticipant_id = ? AND b.name = ?)',
    );
    params.push(pacticipantId, f.branch);
  }
  const env = f.environmentId !== undefined ? ' AND environment_id = ?' : '';
  const envParams = f.environmentId !== undefined ? [f.environmentId] : [];
  if (f.live) {
    parts.push(
      `(v.id IN (SELECT version_id FROM deployed_versions WHERE pacticipant_id = ? AND undeployed_at IS NULL${env})
        OR v.id IN (SELECT version_id FROM released_versions WHERE pacticipant_id = ? AND support_ended_at IS NULL${env}))`,
    );
    params.push(pacticipantId, ...envParams, pacticipantId, ...envParams);
  } else if (f.environmentId !== undefined) {
    parts.push(
      `(v.id IN (SELECT version_id FROM deployed_versions WHERE pacticipant_id = ?${env})
        OR v.id IN (SELECT version_id FROM released_versions WHERE pacticipant_id = ?${env}))`,
    );
    params.push(pacticipantId, ...envParams, pacticipantId, ...envParams);
  }
  return { sql: parts.join(' AND '), params };
}

function* axis(
  pacticipantId: number,
  f: Parameters<typeof axisWhere>[1],
  limit: number,
  page: number,
): Program<Axis<{ id: number; number: string }>> {
  const w = axisWhere(pacticipantId, f);
  const total = Number(
    (yield* get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM versions v WHERE ${w.sql}`, w.params))?.n ?? 0,
  );
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.min(Math.max(1, page), pages);
  const rows = yield* all<{ id: number; number: string }>(
    `SELECT v.id, v.number FROM versions v WHERE ${w.sql} ORDER BY v.id DESC LIMIT ? OFFSET ?`,
    [...w.params, limit, (current - 1) * limit],
  );
  return { rows, total, page: current, pages };
}

/** Where each of these versions runs now ("in production", "released in store"). */
function* liveLabels(versionIds: number[]): Program<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!versionIds.length) return out;
  const rows = yield* all<{
    version_id: number;
    environment: string;
    application_instance: string | null;
    kind: string;
  }>(
    `SELECT d.version_id, e.name AS environment, d.application_instance, 'deployed' AS kind FROM deployed_versions d
     JOIN environments e ON e.id = d.environment_id WHERE d.undeployed_at IS NULL AND d.version_id IN ${inList(versionIds)}
     UNION ALL
     SELECT r.version_id, e.name AS environment, NULL AS application_instance, 'released' AS kind FROM released_versions r
     JOIN environments e ON e.id = r.environment_id WHERE r.support_ended_at IS NULL AND r.version_id IN ${inList(versionIds)}`,
    [...versionIds, ...versionIds],
  );
  for (const l of rows) {
    const label = `${l.kind === 'released' ? 'released in' : 'in'} ${l.environment}${l.application_instance ? ` (${l.application_instance})` : ''}`;
    const list = out.get(l.version_id);
    if (list) list.push(label);
    else out.set(l.version_id, [label]);
  }
  return out;
}

/** Consumer versions × provider versions of one integration, a page of each, each cell decided by the evidence resolver. */
export function* compatibilityMatrix(
  providerName: string,
  consumerName: string,
  f: MatrixFilters,
): Program<MatrixData> {
  const provider = yield* pacticipantOr404(providerName);
  const consumer = yield* pacticipantOr404(consumerName);
  const environments = yield* listEnvironments();
  const env = f.environment ? yield* environmentByNameOr400(f.environment) : undefined;
  const limit = Math.min(MATRIX_MAX_LIMIT, Math.max(1, f.limit));
  const rows = yield* axis(
    consumer.id,
    { branch: f.consumerBranch, environmentId: env?.id, live: f.live, pactWith: provider.id },
    limit,
    f.page,
  );
  const cols = yield* axis(
    provider.id,
    { branch: f.providerBranch, environmentId: env?.id, live: f.live },
    limit,
    f.columnsPage,
  );
  const pubs = rows.rows.length
    ? yield* publicationsOfVersionsForProvider(
        provider.id,
        rows.rows.map((r) => r.id),
      )
    : [];
  const pubOf = new Map(pubs.map((p) => [p.consumer_version_id, p]));
  const ids = [...rows.rows.map((r) => r.id), ...cols.rows.map((c) => c.id)];
  const branches = ids.length ? yield* branchesOfVersions(ids) : [];
  const live = yield* liveLabels(ids);
  const branchesOf = (id: number) => branches.filter((b) => b.version_id === id).map((b) => b.branch);
  const queries: EvidenceQuery[] = [];
  for (const r of rows.rows) {
    const p = pubOf.get(r.id);
    if (p)
      for (const c of cols.rows)
        queries.push({ pactVersionId: p.pact_version_id, pactSha: p.sha, providerVersionId: c.id });
  }
  const cells = yield* resolveEvidence(queries);
  const unknown = queries.filter(
    (q) => cells.get(evidenceKey(q.pactVersionId, q.providerVersionId))?.verdict === 'unknown',
  );
  const requestedAt = new Map<string, string>();
  if (unknown.length) {
    const pactIds = [...new Set(unknown.map((q) => q.pactVersionId))];
    const providerIds = [...new Set(unknown.map((q) => q.providerVersionId))];
    for (const r of yield* all<{ pact_version_id: number; provider_version_id: number; requested_at: string }>(
      `SELECT pact_version_id, provider_version_id, requested_at FROM verification_requests
       WHERE pact_version_id IN ${inList(pactIds)} AND provider_version_id IN ${inList(providerIds)}`,
      [...pactIds, ...providerIds],
    ))
      requestedAt.set(evidenceKey(r.pact_version_id, r.provider_version_id), r.requested_at);
  }
  let consumerRows = rows.rows.flatMap((r) => {
    const p = pubOf.get(r.id);
    return p
      ? [
          {
            id: r.id,
            number: r.number,
            pactSha: p.sha,
            pactVersionId: p.pact_version_id,
            live: live.get(r.id) ?? [],
            branches: branchesOf(r.id),
          },
        ]
      : [];
  });
  let providerRows = cols.rows.map((c) => ({
    id: c.id,
    number: c.number,
    live: live.get(c.id) ?? [],
    branches: branchesOf(c.id),
  }));
  const unfiltered = { rows: consumerRows.length, columns: providerRows.length };
  if (f.state) {
    const has = (pactVersionId: number, providerVersionId: number) =>
      cells.get(evidenceKey(pactVersionId, providerVersionId))?.verdict === f.state;
    consumerRows = consumerRows.filter((r) => providerRows.some((c) => has(r.pactVersionId, c.id)));
    providerRows = providerRows.filter((c) => consumerRows.some((r) => has(r.pactVersionId, c.id)));
  }
  return {
    consumer: consumer.name,
    provider: provider.name,
    consumerVersions: { ...rows, rows: consumerRows },
    providerVersions: { ...cols, rows: providerRows },
    cells,
    requestedAt,
    unfiltered,
    consumerBranches: (yield* listBranches(consumer.id)).map((b) => b.name),
    providerBranches: (yield* listBranches(provider.id)).map((b) => b.name),
    environments,
  };
}
