/**
 * Which of a provider's publications pacts-for-verification can select (issue 15), found in SQL through
 * indexes (migration 0011), as the Pact Broker does, instead of loading every publication of the provider:
 * the newest publication per consumer, the head (newest publication) of each named branch or tag per
 * consumer, every publication of a tag (for `{tag}` without `latest`), the live versions and, for rollback
 * readiness, the version each lane would roll back to. Each query walks an index backwards from the newest
 * row and stops at the first match, so its cost follows the answer, not the history.
 */
import { inList, type Program } from '../storage/sql.ts';
import { integer, nullable, rowType, text } from './decode.ts';

const idRows = rowType<{ id: number }>('id', { id: integer });
const headRows = rowType<{ consumer_id: number; version_id: number | null }>('head', {
  consumer_id: integer,
  version_id: nullable(integer),
});
const branchIdRows = rowType<{ branch_id: number }>('branch id', { branch_id: integer });

export interface LaneRow {
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  environment: string;
  application_instance: string;
  version_number: string;
  /** The version the lane would roll back to, or null when it has none. */
  prior_version_id: number | null;
  prior_version_number: string | null;
}
const laneRows = rowType<LaneRow>('live deployment', {
  version_id: integer,
  pacticipant_id: integer,
  environment_id: integer,
  environment: text,
  application_instance: text,
  version_number: text,
  prior_version_id: nullable(integer),
  prior_version_number: nullable(text),
});

/**
 * Whether a version has a publication for the provider. A scalar subquery rather than EXISTS: PostgreSQL turns an
 * EXISTS into a semi-join over every row of the joined table, where this stays an index probe per row visited by
 * the backward walk that stops at the first match.
 */
const HAS_PUBLICATION = (version: string) =>
  `(SELECT COUNT(*) FROM pact_publications pp WHERE pp.consumer_version_id = ${version} AND pp.provider_id = ?) > 0`;

/** Consumers with at least one publication for the provider. */
export function* consumerIdsOfProvider(providerId: number): Program<number[]> {
  const rows = yield* idRows.all(
    `SELECT p.id FROM pacticipants p WHERE EXISTS
       (SELECT 1 FROM pact_publications pp WHERE pp.provider_id = ? AND pp.consumer_id = p.id) ORDER BY p.id`,
    [providerId],
  );
  return rows.map((r) => r.id);
}

/** The newest consumer version of each consumer that published for the provider. */
export function* newestPublishedVersions(providerId: number, consumerIds: number[]): Program<number[]> {
  if (!consumerIds.length) return [];
  const rows = yield* headRows.all(
    `SELECT p.id AS consumer_id, (SELECT MAX(pp.consumer_version_id) FROM pact_publications pp
       WHERE pp.provider_id = ? AND pp.consumer_id = p.id) AS version_id FROM pacticipants p WHERE p.id IN ${inList(consumerIds)}`,
    [providerId, ...consumerIds],
  );
  return rows.flatMap((r) => (r.version_id === null ? [] : [r.version_id]));
}

/** The newest version with a publication for the provider on each of these branches (by id). */
function* headsOfBranchIds(providerId: number, branchIds: number[]): Program<number[]> {
  if (!branchIds.length) return [];
  const rows = yield* headRows.all(
    `SELECT b.pacticipant_id AS consumer_id, (SELECT bv.version_id FROM branch_versions bv
       WHERE bv.branch_id = b.id AND ${HAS_PUBLICATION('bv.version_id')} ORDER BY bv.version_id DESC LIMIT 1) AS version_id
     FROM branches b WHERE b.id IN ${inList(branchIds)}`,
    [providerId, ...branchIds],
  );
  return rows.flatMap((r) => (r.version_id === null ? [] : [r.version_id]));
}

/** Heads of the named branches of these consumers. */
export function* branchHeads(providerId: number, consumerIds: number[], names: string[]): Program<number[]> {
  if (!consumerIds.length || !names.length) return [];
  const ids = yield* branchIdRows.all(
    `SELECT id AS branch_id FROM branches WHERE pacticipant_id IN ${inList(consumerIds)} AND name IN ${inList(names)}`,
    [...consumerIds, ...names],
  );
  return yield* headsOfBranchIds(
    providerId,
    ids.map((r) => r.branch_id),
  );
}

/**
 * The newest version of pair `x` (consumer_id, name) with that tag and a publication for the provider: the consumer's
 * publications for the provider newest first (the provider's index), the first whose version has the tag. Walking
 * every version of the consumer newest first and asking each for the tag and a publication took three lookups per
 * version, and versions published since a tag's head are many in a busy organisation (issue 15: 22 ms of the hub's
 * pacts-for-verification at 150,000 versions, 2 at 15,000).
 */
const TAG_HEAD = `(SELECT pp.consumer_version_id FROM pact_publications pp
   WHERE pp.provider_id = ? AND pp.consumer_id = x.consumer_id
     AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id AND t.name = x.name)
   ORDER BY pp.consumer_version_id DESC LIMIT 1)`;

/** Heads of the named tags of these consumers (one query: each consumer with each name). */
export function* tagHeads(providerId: number, consumerIds: number[], names: string[]): Program<number[]> {
  if (!consumerIds.length || !names.length) return [];
  const rows = yield* headRows.all(
    `SELECT x.consumer_id, ${TAG_HEAD} AS version_id FROM
       (SELECT p.id AS consumer_id, n.column1 AS name FROM pacticipants p
        CROSS JOIN (VALUES ${names.map(() => '(?)').join(', ')}) n WHERE p.id IN ${inList(consumerIds)}) x`,
    [providerId, ...names, ...consumerIds],
  );
  return rows.flatMap((r) => (r.version_id === null ? [] : [r.version_id]));
}

/**
 * The provider's publications made at or after `since`: a range of its (provider, created_at) index. A subquery with a
 * LIMIT, which the planner does not merge into the join: merged, SQLite walked every publication of the provider along
 * its (provider, consumer) index for the DISTINCT's order and filtered them by date (14 ms for the hub at 150,000
 * versions, its 33,500 publications, against 1.4 for the 2,077 of the last 30 days).
 */
const PUBLISHED_SINCE = `(SELECT pp.consumer_id, pp.consumer_version_id FROM pact_publications pp
   WHERE pp.provider_id = ? AND pp.created_at >= ? LIMIT ${Number.MAX_SAFE_INTEGER})`;

/**
 * Heads of every branch and tag that has a publication for the provider made at or after `since` (the
 * work-in-progress candidates): only such a branch or tag can have a head published since then.
 */
export function* headsPublishedSince(providerId: number, since: string): Program<number[]> {
  const branchIds = yield* branchIdRows.all(
    `SELECT DISTINCT bv.branch_id FROM ${PUBLISHED_SINCE} w JOIN branch_versions bv ON bv.version_id = w.consumer_version_id`,
    [providerId, since],
  );
  const heads = yield* headsOfBranchIds(
    providerId,
    branchIds.map((r) => r.branch_id),
  );
  const tagged = yield* headRows.all(
    `SELECT x.consumer_id, ${TAG_HEAD} AS version_id FROM
       (SELECT DISTINCT w.consumer_id, t.name FROM ${PUBLISHED_SINCE} w JOIN tags t ON t.version_id = w.consumer_version_id) x`,
    [providerId, providerId, since],
  );
  for (const r of tagged) if (r.version_id !== null) heads.push(r.version_id);
  return heads;
}

/** Every consumer version with this tag and a publication for the provider. */
export function* taggedPublishedVersions(providerId: number, name: string): Program<number[]> {
  const rows = yield* idRows.all(
    `SELECT DISTINCT t.version_id AS id FROM tags t WHERE t.name = ? AND ${HAS_PUBLICATION('t.version_id')}`,
    [name, providerId],
  );
  return rows.map((r) => r.id);
}

/**
 * Current deployments of these pacticipants, each with the version its lane (environment, instance) would roll
 * back to: the lane's newest earlier deployment of another version (one query, an index walk per lane).
 */
export function* liveLanesWithPriors(pacticipantIds: number[]): Program<LaneRow[]> {
  if (!pacticipantIds.length) return [];
  return yield* laneRows.all(
    `SELECT x.version_id, x.pacticipant_id, x.environment_id, e.name AS environment, x.application_instance,
            v.number AS version_number, x.prior_version_id, pv.number AS prior_version_number
     FROM (SELECT d.id, d.version_id, d.pacticipant_id, d.environment_id, d.application_instance,
             (SELECT h.version_id FROM deployed_versions h WHERE h.environment_id = d.environment_id
                AND h.pacticipant_id = d.pacticipant_id AND h.application_instance = d.application_instance
                AND h.version_id <> d.version_id ORDER BY h.id DESC LIMIT 1) AS prior_version_id
           FROM deployed_versions d WHERE d.undeployed_at IS NULL AND d.pacticipant_id IN ${inList(pacticipantIds)}) x
     JOIN environments e ON e.id = x.environment_id JOIN versions v ON v.id = x.version_id
     LEFT JOIN versions pv ON pv.id = x.prior_version_id
     ORDER BY x.id`,
    pacticipantIds,
  );
}
