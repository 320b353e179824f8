import { all, allIn, type Program } from '../../storage/sql.ts';

/** A version a gate may ask about, and whose it is. */
export interface RelevantVersion {
  pacticipant_id: number;
  version_id: number;
}

/**
 * The versions of the given pacticipants that a can-i-deploy or can-i-rollback may ask about: the
 * current and prior deployed version of each live instance in every environment (or in one), the
 * supported releases and the head of the main branch. Set-based and bounded: a few indexed queries for
 * any number of pacticipants, reading live deployments and one prior deployment per instance, never a
 * deployment history (migration 0014's indexes).
 */
export function* relevantVersions(
  pacticipantIds: readonly number[],
  opts: { environmentId?: number } = {},
): Program<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  const add = (p: number, v: number | null) => {
    if (v === null) return;
    let s = out.get(p);
    if (!s) {
      s = new Set();
      out.set(p, s);
    }
    s.add(v);
  };
  const env = opts.environmentId;
  const envFilter = env === undefined ? '' : ' AND d.environment_id = ?';
  const live = yield* allIn<{ pacticipant_id: number; version_id: number; prior_version_id: number | null }>(
    pacticipantIds,
    (ids, chunk) => [
      `SELECT d.pacticipant_id, d.version_id,
              (SELECT x.version_id FROM deployed_versions x
                WHERE x.pacticipant_id = d.pacticipant_id AND x.environment_id = d.environment_id
                  AND x.application_instance = d.application_instance AND x.version_id <> d.version_id
                ORDER BY x.id DESC LIMIT 1) AS prior_version_id
         FROM deployed_versions d WHERE d.undeployed_at IS NULL AND d.pacticipant_id IN ${ids}${envFilter}`,
      env === undefined ? chunk : [...chunk, env],
    ],
  );
  for (const r of live) {
    add(r.pacticipant_id, r.version_id);
    add(r.pacticipant_id, r.prior_version_id);
  }
  const released = yield* allIn<RelevantVersion>(pacticipantIds, (ids, chunk) => [
    `SELECT r.pacticipant_id, r.version_id FROM released_versions r
      WHERE r.support_ended_at IS NULL AND r.pacticipant_id IN ${ids}${env === undefined ? '' : ' AND r.environment_id = ?'}`,
    env === undefined ? chunk : [...chunk, env],
  ]);
  for (const r of released) add(r.pacticipant_id, r.version_id);
  if (env === undefined) {
    const heads = yield* allIn<{ pacticipant_id: number; version_id: number | null }>(pacticipantIds, (ids, chunk) => [
      `SELECT b.pacticipant_id, (SELECT MAX(bv.version_id) FROM branch_versions bv WHERE bv.branch_id = b.id) AS version_id
         FROM branches b JOIN pacticipants p ON p.id = b.pacticipant_id AND p.main_branch = b.name
        WHERE b.pacticipant_id IN ${ids}`,
      chunk,
    ]);
    for (const h of heads) add(h.pacticipant_id, h.version_id);
  }
  return out;
}

/** The pacticipants live (deployed or with a supported release) in an environment: two indexed queries. */
export function* pacticipantsLiveIn(environmentId: number): Program<number[]> {
  const rows = yield* all<{ pacticipant_id: number }>(
    `SELECT pacticipant_id FROM deployed_versions WHERE environment_id = ? AND undeployed_at IS NULL
     UNION SELECT pacticipant_id FROM released_versions WHERE environment_id = ? AND support_ended_at IS NULL`,
    [environmentId, environmentId],
  );
  return rows.map((r) => r.pacticipant_id);
}
