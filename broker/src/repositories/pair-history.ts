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
  // The latest verification of a pact version by a provider version: none later of the same pair.
  const later = `EXISTS (SELECT 1 FROM verifications v2 WHERE v2.pact_version_id = vr.pact_version_id
                   AND v2.provider_version_id = vr.provider_version_id AND v2.id > vr.id)`;
  const from = `FROM pact_publications pp
    LEFT JOIN verifications vr ON vr.pact_version_id = pp.pact_version_id${ask.history ? '' : ` AND NOT ${later}`}
    WHERE pp.consumer_id IN ${list} AND pp.provider_id IN ${list}
      AND pp.revision = (SELECT MAX(p2.revision) FROM pact_publications p2
                          WHERE p2.consumer_version_id = pp.consumer_version_id AND p2.provider_id = pp.provider_id)`;
  const fromParams: SqlParam[] = [...ids, ...ids];
  // The matrix's order (gate/matrix/rows.ts `compareRows`): consumer, newest consumer version, provider, newest
  // provider version, newest verification.
  const ordinal = (column: string) => `CASE ${column} ${ids.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
  const order = `ORDER BY ${ordinal('pp.consumer_id')}, pp.consumer_version_id DESC, ${ordinal('pp.provider_id')},
    COALESCE(vr.provider_version_id, 0) DESC, COALESCE(vr.id, 0) DESC`;
  const orderParams: SqlParam[] = [...ids, ...ids];
  // The rows' keys are chosen, ordered and cut along the indexes; only the chosen ones are joined with their details.
  const rows = (where: string, page?: { count: number; offset: number }): [string, SqlParam[]] => [
    `SELECT pp.consumer_id, pp.provider_id, pp.consumer_version_id, cv.number AS consumer_version_number,
        pp.pact_version_id, pv.sha, pp.created_at, vr.id AS verification_id, vr.provider_version_id,
        prv.number AS provider_version_number, vr.success, vr.created_at AS verified_at, vr.failures,
        CASE WHEN vr.id IS NOT NULL AND ${later} THEN 1 ELSE 0 END AS superseded
       FROM (SELECT pp.id AS publication_id, vr.id AS verification_id ${from}${where} ${order}${page ? ' LIMIT ? OFFSET ?' : ''}) k
       JOIN pact_publications pp ON pp.id = k.publication_id
       LEFT JOIN verifications vr ON vr.id = k.verification_id
       JOIN versions cv ON cv.id = pp.consumer_version_id
       JOIN pact_versions pv ON pv.id = pp.pact_version_id
       LEFT JOIN versions prv ON prv.id = vr.provider_version_id
      ${order}`,
    [...fromParams, ...orderParams, ...(page ? [page.count, page.offset] : []), ...orderParams],
  ];
  const outcomes = [...new Set(ask.success ?? [])].map((x) => OUTCOME_SQL[String(x)]);
  const listed = outcomes.length ? ` AND (${outcomes.join(' OR ')})` : '';
  const [counted, notPassed, page] = yield* allEach([
    [`SELECT vr.success, COUNT(*) AS n ${from} GROUP BY vr.success`, fromParams],
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
