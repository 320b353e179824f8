/**
 * The matrix between a few pacticipants, every version of each (domain/matrix/pair-listing.ts), read in SQL: the rows
 * counted by outcome, the failed and unknown rows (the answer's reasons name each), and one page of rows. Each
 * statement reads the pair's publications along the (consumer, provider, consumer version) index and their
 * verifications along (pact version, provider version); only the listed rows are sent back, and their details.
 * One round trip (storage/sql.ts `allEach`).
 */
import { allEach, inList, type Program, type SqlParam } from '../storage/sql.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

export interface PairRow {
  consumer_id: number;
  provider_id: number;
  consumer_version_id: number;
  consumer_version_number: string;
  pact_version_id: number;
  sha: string;
  created_at: string;
  verification_id: number | null;
  provider_version_id: number | null;
  provider_version_number: string | null;
  success: number | null;
  verified_at: string | null;
  failures: string | null;
  /** A later verification of the same pact content by the same provider version exists (the history only). */
  superseded: number;
}

const pairRows = rowType<PairRow>('matrix row', {
  consumer_id: integer,
  provider_id: integer,
  consumer_version_id: integer,
  consumer_version_number: text,
  pact_version_id: integer,
  sha: text,
  created_at: text,
  verification_id: nullable(integer),
  provider_version_id: nullable(integer),
  provider_version_number: nullable(text),
  success: nullable(flag),
  verified_at: nullable(text),
  failures: nullable(text),
  superseded: flag,
});

const outcomeRows = rowType<{ success: number | null; n: number }>('matrix outcome', {
  success: nullable(flag),
  n: integer,
});

export interface PairAsk {
  /** The pacticipants, in the order their rows are listed (by name): rows are their pacts with each other. */
  pacticipantIds: number[];
  /** Every verification its own row (the history), or only the latest per (pact version, provider version). */
  history: boolean;
  /** `success[]`: which outcomes the page lists (true, false, null for no verification); all when absent. */
  success?: (boolean | null)[];
  /** The page: how many rows to skip and to list, in the matrix's order. */
  offset: number;
  count: number;
}

export interface PairRead {
  /** How many rows have each outcome: 1 verified successfully, 0 failed, null not verified. */
  outcomes: { success: number | null; n: number }[];
  /** Every failed row, then every row without a verification, in the matrix's order. */
  failed: PairRow[];
  unverified: PairRow[];
  page: PairRow[];
}

const OUTCOME_SQL: Record<string, string> = { true: 'vr.success = 1', false: 'vr.success = 0', null: 'vr.id IS NULL' };

export function* readPair(ask: PairAsk): Program<PairRead> {
  const ids = ask.pacticipantIds;
  const list = inList(ids);
  // The pair's current publications, and the latest verification of each (pact version, provider version) of the
  // pair's pact versions, each chosen once: joined per publication, a pact content shared by many consumer versions and
  // verified many times by one provider version made publications x verifications x verifications. Each is used once
  // per statement (so not read twice); the chosen rows' details are joined by primary key.
  const withs = `WITH pubs AS (
      SELECT pp.id, pp.consumer_id, pp.provider_id, pp.consumer_version_id, pp.pact_version_id, pp.created_at
        FROM pact_publications pp
       WHERE pp.consumer_id IN ${list} AND pp.provider_id IN ${list}
         AND pp.revision = (SELECT MAX(p2.revision) FROM pact_publications p2
                             WHERE p2.consumer_version_id = pp.consumer_version_id AND p2.provider_id = pp.provider_id)),
    latest AS (
      SELECT MAX(v.id) AS id, v.pact_version_id FROM verifications v
       WHERE v.pact_version_id IN (SELECT pact_version_id FROM pact_publications
                                    WHERE consumer_id IN ${list} AND provider_id IN ${list})
       GROUP BY v.pact_version_id, v.provider_version_id)`;
  const withParams: SqlParam[] = [...ids, ...ids, ...ids, ...ids];
  // Without latestby every verification is a row (the history); by cvpv only the latest of each provider version.
  const from = ask.history
    ? `FROM pubs p LEFT JOIN verifications vr ON vr.pact_version_id = p.pact_version_id`
    : `FROM pubs p LEFT JOIN latest l ON l.pact_version_id = p.pact_version_id LEFT JOIN verifications vr ON vr.id = l.id`;
  // The matrix's order (gate/matrix/rows.ts `compareRows`): consumer, newest consumer version, provider, newest
  // provider version, newest verification.
  const ordinal = (column: string) => `CASE ${column} ${ids.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
  const order = `ORDER BY ${ordinal('p.consumer_id')}, p.consumer_version_id DESC, ${ordinal('p.provider_id')},
    COALESCE(vr.provider_version_id, 0) DESC, COALESCE(vr.id, 0) DESC`;
  const orderParams: SqlParam[] = [...ids, ...ids];
  // The rows' keys are chosen, ordered and cut first; only the chosen ones are joined with their details.
  // Always cut (LIMIT): a subquery without one is flattened into the join, which then reads every publication's details.
  const rows = (where: string, page = { count: Number.MAX_SAFE_INTEGER, offset: 0 }): [string, SqlParam[]] => [
    `${withs},
    chosen AS (SELECT p.id AS publication_id, vr.id AS verification_id ${from} WHERE 1 = 1${where} ${order} LIMIT ? OFFSET ?)
    SELECT p.consumer_id, p.provider_id, p.consumer_version_id, cv.number AS consumer_version_number,
        p.pact_version_id, pv.sha, p.created_at, vr.id AS verification_id, vr.provider_version_id,
        prv.number AS provider_version_number, vr.success, vr.created_at AS verified_at, vr.failures,
        CASE WHEN vr.id IS NOT NULL AND vr.id NOT IN (SELECT id FROM latest) THEN 1 ELSE 0 END AS superseded
       FROM chosen k
       JOIN pact_publications p ON p.id = k.publication_id
       LEFT JOIN verifications vr ON vr.id = k.verification_id
       JOIN versions cv ON cv.id = p.consumer_version_id
       JOIN pact_versions pv ON pv.id = p.pact_version_id
       LEFT JOIN versions prv ON prv.id = vr.provider_version_id
      ${order}`,
    [...withParams, ...orderParams, page.count, page.offset, ...orderParams],
  ];
  const outcomes = [...new Set(ask.success ?? [])].map((x) => OUTCOME_SQL[String(x)]);
  const listed = outcomes.length ? ` AND (${outcomes.join(' OR ')})` : '';
  const [counted, notPassed, page] = yield* allEach([
    [`${withs} SELECT vr.success, COUNT(*) AS n ${from} GROUP BY vr.success`, withParams],
    rows(' AND (vr.success = 0 OR vr.id IS NULL)'),
    rows(listed, { count: ask.count, offset: ask.offset }),
  ]);
  const failedOrUnverified = pairRows.decodeAll(notPassed);
  return {
    outcomes: outcomeRows.decodeAll(counted),
    failed: failedOrUnverified.filter((r) => r.success === 0),
    unverified: failedOrUnverified.filter((r) => r.success === null),
    page: pairRows.decodeAll(page),
  };
}
