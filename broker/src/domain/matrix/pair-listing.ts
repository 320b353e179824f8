/**
 * The matrix between a few pacticipants with every version of each: `/matrix?q[][pacticipant]=A&q[][pacticipant]=B`
 * (the history of a pair, the UI's view of it) and `/matrix/provider/P/consumer/C` (latest by cvpv). Its rows are
 * every pact of one of them with another, each verification of it its own row (only the latest of each provider
 * version by cvpv), one unknown row for a pact never verified. The answer is the one gather.ts builds from the whole
 * world (a test holds them equal), with the rows counted, ordered and paged in SQL (repositories/pair-history.ts):
 * SQL still walks the pair's rows on its indexes to count them, but only the page and the failures the answer names
 * are built and sent, where the world read every version, publication and verification of both sides (issue 15).
 */
import { decide, type DecideWorld } from '../../gate/matrix/decide.ts';
import { compareNames, unverifiedRow, verifiedRow, type RowBase } from '../../gate/matrix/rows.ts';
import type { MatrixQuery, MatrixRow, MatrixSelector, WorldVerification } from '../../gate/matrix/types.ts';
import type { VerificationFailures } from '../../gate/verification/failures.ts';
import { readPair, type PairRow } from '../../repositories/pair-history.ts';
import { latestVersionsOf } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { firstRoundOf } from './first-round.ts';
import { detailsOfRows, type MatrixListing } from './listing.ts';

/** A selector for every version of a pacticipant: no version, branch, tag, latest or environment. */
const everyVersion = (s: MatrixSelector): boolean =>
  s.version === undefined &&
  !s.latest &&
  s.tag === undefined &&
  s.branch === undefined &&
  !s.mainBranch &&
  s.environment === undefined;

/** The queries this read answers: two or more pacticipants, every version, no destination or ignore, by cvpv or none. */
export const isPairQuery = (q: MatrixQuery): boolean =>
  q.destination.kind === 'none' &&
  (q.latestby === undefined || q.latestby === 'cvpv') &&
  q.ignore.length === 0 &&
  !q.failOnOpenApiBreaking &&
  q.selectors.every(everyVersion) &&
  new Set(q.selectors.map((s) => s.pacticipant)).size >= 2;

/** No bound: SQL's LIMIT takes a number. */
const ALL = Number.MAX_SAFE_INTEGER;

export function* pairListing(query: MatrixQuery): Program<MatrixListing> {
  const round = yield* firstRoundOf(query, { consumers: false });
  // Rows are listed by consumer, then provider, by name (gate/matrix/rows.ts `compareRows`).
  const names = [...new Set(query.selectors.map((s) => s.pacticipant))].sort(compareNames);
  const ids = names.map((n) => round.pacticipants.get(n)!.id);
  const nameOf = new Map(names.map((n, i) => [ids[i], n]));
  const newest = yield* latestVersionsOf(ids);
  // As buildMatrix: no limit (or 0, which the parsers refuse) lists every row.
  const limit = query.limit ? query.limit : ALL;
  const offset = query.page?.offset ?? 0;
  const read = yield* readPair({
    pacticipantIds: ids,
    history: query.latestby === undefined,
    ...(query.success ? { success: query.success } : {}),
    offset,
    count: Math.max(0, Math.min(query.page?.size ?? ALL, limit - offset)),
  });

  const row = (r: PairRow): MatrixRow => {
    const consumer = nameOf.get(r.consumer_id)!;
    const provider = nameOf.get(r.provider_id)!;
    const consumerVersion = { id: r.consumer_version_id, pacticipant: consumer, number: r.consumer_version_number };
    const base: RowBase = {
      consumer,
      consumerVersion,
      provider,
      publication: {
        consumer,
        consumerVersionId: r.consumer_version_id,
        consumerVersion: r.consumer_version_number,
        provider,
        pactVersionId: r.pact_version_id,
        sha: r.sha,
        createdAt: r.created_at,
      },
      // Each row is a pact of a specified version with a specified provider: required, and nothing is ignored.
      required: true,
      ignored: false,
    };
    if (r.verification_id === null)
      return unverifiedRow(
        base,
        newest.has(r.provider_id)
          ? [{ id: 'not-verified' }]
          : [
              {
                id: 'no-provider-version',
                provider,
                scope: { kind: 'selector', selector: query.selectors.find((s) => s.pacticipant === provider)! },
              },
            ],
      );
    const verification: WorldVerification = {
      id: r.verification_id,
      pactVersionId: r.pact_version_id,
      providerVersionId: r.provider_version_id!,
      providerVersion: r.provider_version_number!,
      success: r.success === 1,
      verifiedAt: r.verified_at!,
      ...(r.failures ? { failures: JSON.parse(r.failures) as VerificationFailures } : {}),
    };
    return verifiedRow(
      base,
      { id: verification.providerVersionId, pacticipant: provider, number: verification.providerVersion },
      verification,
      r.superseded === 1,
    );
  };

  // The answer: whether each selector matched a version (the newest stands for them all), every failed and unknown
  // row (a reason each), and the successful ones counted.
  const world: DecideWorld = {
    query,
    ignore: [],
    specified: query.selectors.map((selector) => {
      const p = round.pacticipants.get(selector.pacticipant)!;
      const v = newest.get(p.id);
      return { selector, versions: v ? [{ id: v.id, pacticipant: p.name, number: v.number }] : [] };
    }),
  };
  const counted = (success: number | null) => read.outcomes.find((o) => o.success === success)?.n ?? 0;
  const summary = decide(world, [...read.failed, ...read.unverified].map(row), {
    count: counted(1),
    evidence: 'verification',
  });
  const rowCount = counted(1) + counted(0) + counted(null);
  const wanted = query.success?.length
    ? [...new Set(query.success)].reduce((n, s) => n + counted(s === null ? null : s ? 1 : 0), 0)
    : rowCount;
  const listed = read.page.map(row);
  return {
    query,
    summary,
    listed,
    listable: Math.min(wanted, limit),
    rowCount,
    details: yield* detailsOfRows(listed),
  };
}
