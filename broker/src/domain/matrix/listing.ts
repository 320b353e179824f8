/** What a client is shown of a matrix answer, and the display details of the versions it lists. */
import type { MatrixQuery, MatrixResult, MatrixRow } from '../../gate/matrix/types.ts';
import type { PlannedChanges } from '../openapi-changes/plan.ts';
import { detailsOfVersions } from '../../repositories/matrix.ts';
import type { Program } from '../../storage/sql.ts';

/** A listed version's branches, tags and the environments it is in now. */
export interface VersionDetails {
  branches: { branch: string; created_at: string }[];
  tags: { name: string; created_at: string }[];
  environments: { name: string; uuid: string; display_name: string | null; production: number; via: string }[];
}

/**
 * What a client is shown of a matrix answer: the summary, the listed rows, the totals and their display details,
 * without the world they were computed from (the listing crosses threads from a reader: storage/named-read.ts).
 */
export interface MatrixListing {
  query: MatrixQuery;
  summary: MatrixResult['summary'];
  listed: MatrixResult['listed'];
  /** How many rows there are to list before paging (the page's total). */
  listable: number;
  /** How many rows the answer was computed from (after latestby; before `success[]` and `limit`). */
  rowCount: number;
  details: Map<number, VersionDetails>;
  /**
   * With `failOnOpenApiBreaking`: the diff jobs of the pairs whose diff is not stored yet (the answer is unknown for
   * them); the caller queues them, so that asking again converges (issue 20).
   */
  missingDiffs?: PlannedChanges[];
}

/** Branches, tags and environments of every version in the listed rows, by version id (one round trip). */
export function* detailsOfRows(listed: readonly MatrixRow[]): Program<Map<number, VersionDetails>> {
  const ids = [
    ...new Set(listed.flatMap((r) => [r.consumerVersion.id, ...(r.providerVersion ? [r.providerVersion.id] : [])])),
  ];
  const details = new Map<number, VersionDetails>();
  if (!ids.length) return details;
  for (const id of ids) details.set(id, { branches: [], tags: [], environments: [] });
  const { branches, tags, environments } = yield* detailsOfVersions(ids);
  for (const b of branches) details.get(b.version_id)?.branches.push(b);
  for (const t of tags) details.get(t.version_id)?.tags.push(t);
  for (const e of environments) details.get(e.version_id)?.environments.push(e);
  return details;
}
