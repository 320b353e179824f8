import { all, allIn, type Program } from '../storage/sql.ts';

/** Why a rollback needs a version: it runs there, is a supported release there, or is where an instance rolls back to. */
export type RollbackRole = 'deployed' | 'released' | 'prior' | 'history';

export interface RollbackUse {
  versionId: number;
  version: string;
  environment: string;
  role: RollbackRole;
}

/**
 * What can-i-rollback and can-i-deploy need of a pacticipant's versions, in every environment: the versions currently
 * deployed (on any instance), the releases still supported, and the prior deployed version of each instance that has
 * a current one (the first other version of its history, newest first: where it rolls back to). With `history`, also
 * every other version ever deployed or released ('history': what `--steps` reaches). Reads the pacticipant's own
 * deployment records through their indexes.
 */
export function* rollbackUses(pacticipantId: number, opts: { history?: boolean } = {}): Program<RollbackUse[]> {
  const current = yield* all<{ version_id: number; version: string; environment: string }>(
    `SELECT d.version_id, v.number AS version, e.name AS environment FROM deployed_versions d
     JOIN versions v ON v.id = d.version_id JOIN environments e ON e.id = d.environment_id
     WHERE d.pacticipant_id = ? AND d.undeployed_at IS NULL ORDER BY e.name, d.application_instance`,
    [pacticipantId],
  );
  const prior = yield* all<{ version_id: number; version: string; environment: string }>(
    `SELECT v.id AS version_id, v.number AS version, e.name AS environment FROM deployed_versions cur
     JOIN environments e ON e.id = cur.environment_id
     JOIN versions v ON v.id = (SELECT d.version_id FROM deployed_versions d WHERE d.environment_id = cur.environment_id
       AND d.pacticipant_id = cur.pacticipant_id AND d.application_instance = cur.application_instance
       AND d.version_id <> cur.version_id ORDER BY d.id DESC LIMIT 1)
     WHERE cur.pacticipant_id = ? AND cur.undeployed_at IS NULL ORDER BY e.name, cur.application_instance`,
    [pacticipantId],
  );
  const released = yield* all<{ version_id: number; version: string; environment: string }>(
    `SELECT r.version_id, v.number AS version, e.name AS environment FROM released_versions r
     JOIN versions v ON v.id = r.version_id JOIN environments e ON e.id = r.environment_id
     WHERE r.pacticipant_id = ? AND r.support_ended_at IS NULL ORDER BY e.name`,
    [pacticipantId],
  );
  const uses: RollbackUse[] = [];
  const seen = new Set<string>();
  const add = (rows: { version_id: number; version: string; environment: string }[], role: RollbackRole) => {
    for (const r of rows) {
      const k = `${r.version_id}\u0000${r.environment}`;
      if (seen.has(k)) continue;
      seen.add(k);
      uses.push({ versionId: r.version_id, version: r.version, environment: r.environment, role });
    }
  };
  add(current, 'deployed');
  add(released, 'released');
  add(prior, 'prior');
  if (opts.history) {
    add(
      yield* all(
        `SELECT DISTINCT d.version_id, v.number AS version, e.name AS environment FROM deployed_versions d
         JOIN versions v ON v.id = d.version_id JOIN environments e ON e.id = d.environment_id
         WHERE d.pacticipant_id = ? ORDER BY e.name, v.number`,
        [pacticipantId],
      ),
      'history',
    );
    add(
      yield* all(
        `SELECT DISTINCT r.version_id, v.number AS version, e.name AS environment FROM released_versions r
         JOIN versions v ON v.id = r.version_id JOIN environments e ON e.id = r.environment_id
         WHERE r.pacticipant_id = ? ORDER BY e.name, v.number`,
        [pacticipantId],
      ),
      'history',
    );
  }
  return uses;
}

/**
 * The pact contents whose removal would change an answer about the versions in `uses`: besides their own pacts (which
 * go only with their publications), the pacts that proved one of theirs subsumed (evidence by subsumption reads that
 * pact's verifications). Returns the subsuming pact contents among `candidates`.
 */
export function* subsumersNeeded(
  consumerVersionIds: readonly number[],
  candidates: readonly number[],
): Program<number[]> {
  if (!consumerVersionIds.length || !candidates.length) return [];
  const versions = consumerVersionIds.slice(0, 1000);
  const rows = yield* allIn<{ id: number }>(candidates, (list, chunk) => [
    `SELECT DISTINCT s.by_pact_version_id AS id FROM subsumptions s
     JOIN pact_publications pp ON pp.pact_version_id = s.pact_version_id
     WHERE s.subsumed = 1 AND pp.consumer_version_id IN (${versions.map(() => '?').join(',')})
       AND s.by_pact_version_id IN ${list}`,
    [...versions, ...chunk],
  ]);
  return [...new Set(rows.map((r) => r.id))];
}
