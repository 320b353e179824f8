import { randomUUID } from 'node:crypto';
import { all, inList, run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { integer, nullable, rowType, text } from './decode.ts';

export interface DeployedVersionRow {
  id: number;
  uuid: string;
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  application_instance: string;
  undeployed_at: string | null;
  created_at: string;
  version_number: string;
  pacticipant_name: string;
}

export interface ReleasedVersionRow {
  id: number;
  uuid: string;
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  support_ended_at: string | null;
  created_at: string;
  version_number: string;
  pacticipant_name: string;
}

const deployedRows = rowType<DeployedVersionRow>('deployed version', {
  id: integer,
  uuid: text,
  version_id: integer,
  pacticipant_id: integer,
  environment_id: integer,
  application_instance: text,
  undeployed_at: nullable(text),
  created_at: text,
  version_number: text,
  pacticipant_name: text,
});
const releasedRows = rowType<ReleasedVersionRow>('released version', {
  id: integer,
  uuid: text,
  version_id: integer,
  pacticipant_id: integer,
  environment_id: integer,
  support_ended_at: nullable(text),
  created_at: text,
  version_number: text,
  pacticipant_name: text,
});
type InEnvironment = { environment_name: string; environment_uuid: string };
const inEnvironment = { environment_name: text, environment_uuid: text };
const deployedInRows = rowType<DeployedVersionRow & InEnvironment>('deployed version', {
  ...deployedRows.columns,
  ...inEnvironment,
});
const releasedInRows = rowType<ReleasedVersionRow & InEnvironment>('released version', {
  ...releasedRows.columns,
  ...inEnvironment,
});

const DEPLOYED = `SELECT d.*, v.number AS version_number, p.name AS pacticipant_name FROM deployed_versions d
  JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id`;
const RELEASED = `SELECT r.*, v.number AS version_number, p.name AS pacticipant_name FROM released_versions r
  JOIN versions v ON v.id = r.version_id JOIN pacticipants p ON p.id = r.pacticipant_id`;

/**
 * Records a deployment. The current deployment of the same pacticipant, environment and application
 * instance ends (it gets undeployed_at); rows are never deleted, so the history stays complete.
 * Deploying the version that is already current is idempotent.
 */
export function* recordDeployment(
  versionId: number,
  pacticipantId: number,
  environmentId: number,
  instance: string,
): Program<{ row: DeployedVersionRow; created: boolean }> {
  const current = yield* deployedRows.get(
    `${DEPLOYED} WHERE d.pacticipant_id = ? AND d.environment_id = ? AND d.application_instance = ? AND d.undeployed_at IS NULL`,
    [pacticipantId, environmentId, instance],
  );
  if (current && current.version_id === versionId) return { row: current, created: false };
  const now = nowIso();
  if (current) yield* run('UPDATE deployed_versions SET undeployed_at = ? WHERE id = ?', [now, current.id]);
  const uuid = randomUUID();
  yield* run(
    'INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [uuid, versionId, pacticipantId, environmentId, instance, now],
  );
  return { row: (yield* findDeployedVersion(uuid))!, created: true };
}

export function* findDeployedVersion(uuid: string): Program<DeployedVersionRow | undefined> {
  return yield* deployedRows.get(`${DEPLOYED} WHERE d.uuid = ?`, [uuid]);
}

export function* undeploy(id: number): Program<void> {
  yield* run('UPDATE deployed_versions SET undeployed_at = ? WHERE id = ? AND undeployed_at IS NULL', [nowIso(), id]);
}

export function* currentlyDeployed(
  environmentId: number,
  filter: { pacticipantId?: number; instance?: string } = {},
): Program<DeployedVersionRow[]> {
  let sql = `${DEPLOYED} WHERE d.environment_id = ? AND d.undeployed_at IS NULL`;
  const params: (string | number)[] = [environmentId];
  if (filter.pacticipantId !== undefined) {
    sql += ' AND d.pacticipant_id = ?';
    params.push(filter.pacticipantId);
  }
  if (filter.instance !== undefined) {
    sql += ' AND d.application_instance = ?';
    params.push(filter.instance);
  }
  return yield* deployedRows.all(`${sql} ORDER BY p.name, d.application_instance`, params);
}

/** Some pacticipants' whole deployment history in an environment, oldest first (index `deployed_versions_history`). */
export function* deploymentHistoryOf(environmentId: number, pacticipantIds: number[]): Program<DeployedVersionRow[]> {
  if (!pacticipantIds.length) return [];
  return yield* deployedRows.all(
    `${DEPLOYED} WHERE d.environment_id = ? AND d.pacticipant_id IN ${inList(pacticipantIds)} ORDER BY d.id`,
    [environmentId, ...pacticipantIds],
  );
}

export interface LiveLaneRow {
  pacticipant_id: number;
  pacticipant_name: string;
  application_instance: string;
  version_id: number;
  version_number: string;
  prior_version_id: number | null;
  prior_version_number: string | null;
  lane_first: number;
  unit_first: number;
}
const liveLaneRows = rowType<LiveLaneRow>('live lane', {
  pacticipant_id: integer,
  pacticipant_name: text,
  application_instance: text,
  version_id: integer,
  version_number: text,
  prior_version_id: nullable(integer),
  prior_version_number: nullable(text),
  lane_first: integer,
  unit_first: integer,
});

/**
 * The environment's current deployments, each with the version its lane (pacticipant, instance) would roll back to
 * (its newest earlier deployment of another version) and the ids of the lane's and the pacticipant's first
 * deployment there (the order the whole history would list them in). One query: the live rows by the partial index
 * `deployed_versions_live`, then per lane a backward index walk that stops at the first other version, two MIN seeks
 * and the names by primary key (scalar subqueries, so PostgreSQL never hashes all of `versions` to join 300 rows);
 * it reads what it returns whatever the length of the history. `pacticipantIds`: only those pacticipants' lanes.
 */
export function* liveLanesOfEnvironment(
  environmentId: number,
  pacticipantIds?: readonly number[],
): Program<LiveLaneRow[]> {
  const only = pacticipantIds ? ` AND d.pacticipant_id IN ${inList(pacticipantIds)}` : '';
  return yield* liveLaneRows.all(
    `SELECT x.pacticipant_id, (SELECT p.name FROM pacticipants p WHERE p.id = x.pacticipant_id) AS pacticipant_name,
            x.application_instance, x.version_id, (SELECT v.number FROM versions v WHERE v.id = x.version_id) AS version_number,
            x.prior_version_id, (SELECT v.number FROM versions v WHERE v.id = x.prior_version_id) AS prior_version_number,
            x.lane_first, x.unit_first
     FROM (SELECT d.id, d.version_id, d.pacticipant_id, d.application_instance,
             (SELECT h.version_id FROM deployed_versions h WHERE h.pacticipant_id = d.pacticipant_id
                AND h.environment_id = d.environment_id AND h.application_instance = d.application_instance
                AND h.version_id <> d.version_id ORDER BY h.id DESC LIMIT 1) AS prior_version_id,
             (SELECT MIN(h.id) FROM deployed_versions h WHERE h.pacticipant_id = d.pacticipant_id
                AND h.environment_id = d.environment_id AND h.application_instance = d.application_instance) AS lane_first,
             (SELECT MIN(h.id) FROM deployed_versions h WHERE h.environment_id = d.environment_id
                AND h.pacticipant_id = d.pacticipant_id) AS unit_first
           FROM deployed_versions d WHERE d.environment_id = ? AND d.undeployed_at IS NULL${only}) x
     ORDER BY x.lane_first`,
    [environmentId, ...(pacticipantIds ?? [])],
  );
}

const supportedRows = rowType<ReleasedVersionRow & { unit_first: number | null }>('supported release', {
  ...releasedRows.columns,
  unit_first: nullable(integer),
});

/**
 * The releases currently supported in an environment (as `currentlySupported`), each with the id of its
 * pacticipant's first deployment there, if any (a MIN seek of `deployed_versions_history`).
 */
export function* supportedWithFirstDeployment(
  environmentId: number,
): Program<(ReleasedVersionRow & { unit_first: number | null })[]> {
  return yield* supportedRows.all(
    `${RELEASED.replace(
      ' FROM released_versions r',
      `, (SELECT MIN(h.id) FROM deployed_versions h WHERE h.environment_id = r.environment_id
            AND h.pacticipant_id = r.pacticipant_id) AS unit_first FROM released_versions r`,
    )} WHERE r.environment_id = ? AND r.support_ended_at IS NULL ORDER BY p.name`,
    [environmentId],
  );
}

export function* deploymentsOfVersion(versionId: number): Program<(DeployedVersionRow & InEnvironment)[]> {
  return yield* deployedInRows.all(
    `${DEPLOYED.replace('FROM deployed_versions d', ', e.name AS environment_name, e.uuid AS environment_uuid FROM deployed_versions d JOIN environments e ON e.id = d.environment_id')}
     WHERE d.version_id = ? ORDER BY d.id`,
    [versionId],
  );
}

export function* recordRelease(
  versionId: number,
  pacticipantId: number,
  environmentId: number,
): Program<{ row: ReleasedVersionRow; created: boolean }> {
  const existing = yield* releasedRows.get(
    `${RELEASED} WHERE r.version_id = ? AND r.environment_id = ? AND r.support_ended_at IS NULL`,
    [versionId, environmentId],
  );
  if (existing) return { row: existing, created: false };
  const uuid = randomUUID();
  yield* run(
    'INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, created_at) VALUES (?, ?, ?, ?, ?)',
    [uuid, versionId, pacticipantId, environmentId, nowIso()],
  );
  return { row: (yield* findReleasedVersion(uuid))!, created: true };
}

export function* findReleasedVersion(uuid: string): Program<ReleasedVersionRow | undefined> {
  return yield* releasedRows.get(`${RELEASED} WHERE r.uuid = ?`, [uuid]);
}

export function* endSupport(id: number): Program<void> {
  yield* run('UPDATE released_versions SET support_ended_at = ? WHERE id = ? AND support_ended_at IS NULL', [
    nowIso(),
    id,
  ]);
}

export function* currentlySupported(
  environmentId: number,
  filter: { pacticipantId?: number; versionId?: number } = {},
): Program<ReleasedVersionRow[]> {
  let sql = `${RELEASED} WHERE r.environment_id = ? AND r.support_ended_at IS NULL`;
  const params: number[] = [environmentId];
  if (filter.pacticipantId !== undefined) {
    sql += ' AND r.pacticipant_id = ?';
    params.push(filter.pacticipantId);
  }
  if (filter.versionId !== undefined) {
    sql += ' AND r.version_id = ?';
    params.push(filter.versionId);
  }
  return yield* releasedRows.all(`${sql} ORDER BY p.name`, params);
}

export function* releasesOfVersion(versionId: number): Program<(ReleasedVersionRow & InEnvironment)[]> {
  return yield* releasedInRows.all(
    `${RELEASED.replace('FROM released_versions r', ', e.name AS environment_name, e.uuid AS environment_uuid FROM released_versions r JOIN environments e ON e.id = r.environment_id')}
     WHERE r.version_id = ? ORDER BY r.id`,
    [versionId],
  );
}

/**
 * The environments in which any of these versions was ever deployed or released (their answers read it):
 * indexed by version (migration 0014), so it costs the same whatever the history.
 */
export function* environmentsOfVersions(versionIds: readonly number[]): Program<number[]> {
  return [...new Set((yield* environmentsByVersion(versionIds)).map((r) => r.environment_id))];
}

/** A version and an environment where it was ever deployed or released. */
export interface VersionEnvironment {
  version_id: number;
  environment_id: number;
}
const versionEnvironmentRows = rowType<VersionEnvironment>('version environment', {
  version_id: integer,
  environment_id: integer,
});

/** Each of these versions with the environments where it was ever deployed or released, pair by pair. */
export function* environmentsByVersion(versionIds: readonly number[]): Program<VersionEnvironment[]> {
  if (!versionIds.length) return [];
  const ids = [...new Set(versionIds)];
  const list = `(${ids.map(() => '?').join(',')})`;
  return yield* versionEnvironmentRows.all(
    `SELECT version_id, environment_id FROM deployed_versions WHERE version_id IN ${list}
     UNION SELECT version_id, environment_id FROM released_versions WHERE version_id IN ${list}`,
    [...ids, ...ids],
  );
}

/** The environments where a consumer version with this pact content was ever deployed or released. */
export function* environmentsOfPactVersion(pactVersionId: number): Program<number[]> {
  const rows = yield* all<{ environment_id: number }>(
    `SELECT d.environment_id FROM pact_publications pp JOIN deployed_versions d ON d.version_id = pp.consumer_version_id
      WHERE pp.pact_version_id = ?
     UNION SELECT r.environment_id FROM pact_publications pp JOIN released_versions r ON r.version_id = pp.consumer_version_id
      WHERE pp.pact_version_id = ?`,
    [pactVersionId, pactVersionId],
  );
  return rows.map((r) => r.environment_id);
}

/**
 * The environments whose answers a stored comparison of this pact content with this document can change: those where
 * both a consumer version that published a pact with this content (the hash names no consumer nor provider: every
 * pact version with it) and a provider version with the document were ever deployed or released (every version an
 * environment's question puts in play comes from its history). A comparison of a new pact content with a deployed
 * provider's document changes no environment until a consumer version with that content is deployed.
 */
export function* environmentsOfComparison(pactSha: string, documentSha: string): Program<number[]> {
  const ofPact = new Set(
    (yield* all<{ environment_id: number }>(
      `SELECT d.environment_id FROM pact_versions pv JOIN pact_publications pp ON pp.pact_version_id = pv.id
         JOIN deployed_versions d ON d.version_id = pp.consumer_version_id WHERE pv.sha = ?
       UNION SELECT r.environment_id FROM pact_versions pv JOIN pact_publications pp ON pp.pact_version_id = pv.id
         JOIN released_versions r ON r.version_id = pp.consumer_version_id WHERE pv.sha = ?`,
      [pactSha, pactSha],
    )).map((r) => r.environment_id),
  );
  if (!ofPact.size) return [];
  return (yield* environmentsOfDocument(documentSha)).filter((e) => ofPact.has(e));
}

/**
 * The environments whose answers a stored subsumption check of pact A by pact B can change: it is evidence for A's
 * consumer versions against the provider versions that verified B successfully, so those where both were ever
 * deployed or released.
 */
export function* environmentsOfSubsumption(pactVersionId: number, byPactVersionId: number): Program<number[]> {
  const ofPact = new Set(yield* environmentsOfPactVersion(pactVersionId));
  if (!ofPact.size) return [];
  const rows = yield* all<{ environment_id: number }>(
    `SELECT d.environment_id FROM verifications vr JOIN deployed_versions d ON d.version_id = vr.provider_version_id
      WHERE vr.pact_version_id = ? AND vr.success = 1
     UNION SELECT r.environment_id FROM verifications vr JOIN released_versions r ON r.version_id = vr.provider_version_id
      WHERE vr.pact_version_id = ? AND vr.success = 1`,
    [byPactVersionId, byPactVersionId],
  );
  return rows.map((r) => r.environment_id).filter((e) => ofPact.has(e));
}

/** The environments where a provider version with a document of this content was ever deployed or released. */
export function* environmentsOfDocument(contentSha: string): Program<number[]> {
  const rows = yield* all<{ environment_id: number }>(
    `SELECT d.environment_id FROM provider_contracts pc JOIN deployed_versions d ON d.version_id = pc.provider_version_id
      WHERE pc.content_sha = ?
     UNION SELECT r.environment_id FROM provider_contracts pc JOIN released_versions r ON r.version_id = pc.provider_version_id
      WHERE pc.content_sha = ?`,
    [contentSha, contentSha],
  );
  return rows.map((r) => r.environment_id);
}
