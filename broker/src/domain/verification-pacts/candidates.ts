/**
 * The publications pacts-for-verification can choose (issue 15): instead of every publication of the provider,
 * the union of what each rule can pick, found in SQL (repositories/verification-candidates.ts):
 * - the newest publication per consumer (`latest`, the defaults);
 * - the head of each branch a selector names (main branches, the matching branch, `branch`, `fallbackBranch`)
 *   and of each tag a `latest` selector names (with `fallbackTag`, and the main branch as a tag for the
 *   defaults);
 * - every publication of a tag a selector names without `latest`;
 * - the publications of live versions (deployed or released), and of the versions lanes would roll back to;
 * - with WIP, the head of every branch and tag published to since `includeWipPactsSince`.
 * The selection rules (index.ts) then run over these; a head is the newest publication with its branch or tag,
 * so a rule choosing "the latest with X" finds the same publication among the candidates as among all.
 */
import { pacticipantsByIds } from '../../repositories/pacticipants.ts';
import { type PublicationRow, publicationsOfVersionsForProvider } from '../../repositories/pacts.ts';
import {
  branchHeads,
  consumerIdsOfProvider,
  headsPublishedSince,
  type LaneRow,
  liveLanesWithPriors,
  newestPublishedVersions,
  taggedPublishedVersions,
  tagHeads,
} from '../../repositories/verification-candidates.ts';
import { liveVersionsOf, type LiveRow } from '../../repositories/verification-pacts.ts';
import type { Program } from '../../storage/sql.ts';
import type { PfvRequest } from './request.ts';

export interface Candidates {
  rows: PublicationRow[];
  live: { deployed: LiveRow[]; released: LiveRow[] };
  /** Live deployment lanes with the version each would roll back to (rollback readiness only). */
  lanes: { lane: LaneRow; prior?: { version_id: number; version_number: string } }[];
  /** Consumer versions that head a branch or tag published to since `includeWipPactsSince`. */
  wipHeads: Set<number>;
}

export function* candidatePublications(
  providerId: number,
  req: PfvRequest,
  options: { rollbackReadiness: boolean },
): Program<Candidates> {
  const consumerIds = yield* consumerIdsOfProvider(providerId);
  const empty: Candidates = { rows: [], live: { deployed: [], released: [] }, lanes: [], wipHeads: new Set() };
  if (!consumerIds.length) return empty;
  const selectors = req.consumerVersionSelectors;
  const versionIds = new Set<number>();
  const add = (ids: number[]) => {
    for (const id of ids) versionIds.add(id);
  };

  add(yield* newestPublishedVersions(providerId, consumerIds));

  const branchNames = new Set<string>();
  const tagNames = new Set<string>();
  const mainBranches = new Set<string>();
  for (const c of (yield* pacticipantsByIds(consumerIds)).values()) if (c.main_branch) mainBranches.add(c.main_branch);
  if (req.defaulted || selectors.some((s) => s.mainBranch)) for (const m of mainBranches) branchNames.add(m);
  if (req.defaulted) for (const m of mainBranches) tagNames.add(m);
  if (req.providerVersionBranch && selectors.some((s) => s.matchingBranch)) branchNames.add(req.providerVersionBranch);
  for (const s of selectors) {
    if (s.branch !== undefined) branchNames.add(s.branch);
    if (s.fallbackBranch !== undefined) branchNames.add(s.fallbackBranch);
    if (s.tag !== undefined && s.latest) tagNames.add(s.tag);
    if (s.fallbackTag !== undefined) tagNames.add(s.fallbackTag);
  }
  add(yield* branchHeads(providerId, consumerIds, [...branchNames]));
  add(yield* tagHeads(providerId, consumerIds, [...tagNames]));
  for (const tag of new Set(selectors.filter((s) => s.tag !== undefined && !s.latest).map((s) => s.tag!)))
    add(yield* taggedPublishedVersions(providerId, tag));

  const live = yield* liveVersionsOf(consumerIds);
  add(live.deployed.map((r) => r.version_id));
  add(live.released.map((r) => r.version_id));

  const lanes: Candidates['lanes'] = [];
  if (options.rollbackReadiness && selectors.some((s) => s.deployed || s.released || s.deployedOrReleased)) {
    for (const lane of yield* liveLanesWithPriors(consumerIds)) {
      const prior =
        lane.prior_version_id === null
          ? undefined
          : { version_id: lane.prior_version_id, version_number: lane.prior_version_number ?? '' };
      lanes.push({ lane, prior });
      if (prior) versionIds.add(prior.version_id);
    }
  }

  const wipHeads = new Set<number>();
  if (req.includeWipPactsSince && (req.providerVersionBranch || req.providerVersionTags.length))
    for (const id of yield* headsPublishedSince(providerId, req.includeWipPactsSince)) {
      wipHeads.add(id);
      versionIds.add(id);
    }

  const rows = yield* publicationsOfVersionsForProvider(providerId, [...versionIds]);
  return { rows, live, lanes, wipHeads };
}
