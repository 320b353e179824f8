import type { Program } from '../storage/sql.ts';
import { countRow, integer, nullable, rowType, text } from './decode.ts';

const n = (row: { n: number | null } | undefined) => row?.n ?? 0;

function* count(sql: string): Program<number> {
  return n(yield* countRow.get(sql));
}

const spanColumns = { n: integer, first: nullable(text), last: nullable(text) };
const publicationSpan = rowType<{ n: number; first: string | null; last: string | null }>(
  'publication counts',
  spanColumns,
);
const verificationSpan = rowType<{ n: number; ok: number | null; first: string | null; last: string | null }>(
  'verification counts',
  { ...spanColumns, ok: nullable(integer) },
);
const distributionRows = rowType<{ k: number; n: number }>('distribution', { k: integer, n: integer });
const sumRow = rowType<{ n: number | null }>('sum', { n: nullable(integer) });

/** The Pact Broker's `/metrics` counts (JSON). */
export function* brokerMetrics() {
  const pubs = yield* publicationSpan.get(
    'SELECT COUNT(*) AS n, MIN(created_at) AS first, MAX(created_at) AS last FROM pact_publications',
  );
  const ver = yield* verificationSpan.get(
    'SELECT COUNT(*) AS n, SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END) AS ok, MIN(created_at) AS first, MAX(created_at) AS last FROM verifications',
  );
  const revisions = yield* distributionRows.all(
    'SELECT c.k AS k, COUNT(*) AS n FROM (SELECT COUNT(*) AS k FROM pact_publications GROUP BY consumer_version_id, provider_id) c GROUP BY c.k ORDER BY c.k',
  );
  const perPact = yield* distributionRows.all(
    'SELECT c.k AS k, COUNT(*) AS n FROM (SELECT COUNT(*) AS k FROM verifications GROUP BY pact_version_id) c GROUP BY c.k ORDER BY c.k',
  );
  const latestInteractions = yield* sumRow.get(
    `SELECT SUM(pv.interaction_count) AS n FROM pact_versions pv WHERE pv.id IN (
       SELECT pp.pact_version_id FROM pact_publications pp WHERE pp.consumer_version_id = (
         SELECT MAX(p2.consumer_version_id) FROM pact_publications p2 WHERE p2.consumer_id = pp.consumer_id AND p2.provider_id = pp.provider_id))`,
  );
  const distribution = (rows: { k: number; n: number }[]) => Object.fromEntries(rows.map((r) => [String(r.k), r.n]));
  return {
    interactions: { latestInteractionsCount: n(latestInteractions) },
    pacticipants: {
      count: yield* count('SELECT COUNT(*) AS n FROM pacticipants'),
      withMainBranchSetCount: yield* count('SELECT COUNT(*) AS n FROM pacticipants WHERE main_branch IS NOT NULL'),
    },
    integrations: {
      count: yield* count(
        'SELECT COUNT(*) AS n FROM (SELECT DISTINCT consumer_id, provider_id FROM pact_publications) i',
      ),
    },
    pactPublications: { count: n(pubs), first: pubs?.first ?? null, last: pubs?.last ?? null },
    pactVersions: { count: yield* count('SELECT COUNT(*) AS n FROM pact_versions') },
    pactRevisionsPerConsumerVersion: { distribution: distribution(revisions) },
    verificationResults: {
      count: n(ver),
      successCount: ver?.ok ?? 0,
      failureCount: n(ver) - (ver?.ok ?? 0),
      distinctCount: yield* count(
        'SELECT COUNT(*) AS n FROM (SELECT DISTINCT pact_version_id, provider_version_id FROM verifications) d',
      ),
      first: ver?.first ?? null,
      last: ver?.last ?? null,
    },
    verificationResultsPerPactVersion: { distribution: distribution(perPact) },
    pacticipantVersions: {
      count: yield* count('SELECT COUNT(*) AS n FROM versions'),
      withBranchCount: yield* count('SELECT COUNT(DISTINCT version_id) AS n FROM branch_versions'),
    },
    tags: {
      count: yield* count('SELECT COUNT(*) AS n FROM tags'),
      distinctCount: yield* count('SELECT COUNT(DISTINCT name) AS n FROM tags'),
      distinctWithPacticipantCount: yield* count(
        'SELECT COUNT(*) AS n FROM (SELECT DISTINCT v.pacticipant_id, t.name FROM tags t JOIN versions v ON v.id = t.version_id) d',
      ),
    },
    environments: { count: yield* count('SELECT COUNT(*) AS n FROM environments') },
    deployedVersions: {
      count: yield* count('SELECT COUNT(*) AS n FROM deployed_versions'),
      currentlyDeployedCount: yield* count('SELECT COUNT(*) AS n FROM deployed_versions WHERE undeployed_at IS NULL'),
    },
    releasedVersions: {
      count: yield* count('SELECT COUNT(*) AS n FROM released_versions'),
      currentlySupportedCount: yield* count(
        'SELECT COUNT(*) AS n FROM released_versions WHERE support_ended_at IS NULL',
      ),
    },
  };
}
