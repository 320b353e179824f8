import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { latestVersion, listVersions, type VersionRow } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404, versionOr404 } from '../lookup.ts';
import { latestVersionOf } from '../pacts/queries.ts';
import { versionView, type VersionViewData } from './view.ts';

export type { VersionRow } from '../../repositories/versions.ts';

/** The version resource of a pacticipant's version. */
export function* versionViewOf(pacticipant: string, version: string): Program<VersionViewData> {
  const found = yield* versionOr404(pacticipant, version);
  return yield* versionView(found.pacticipant.name, found.version);
}

/** The latest version (by creation), or the latest with a tag. */
export function* latestVersionView(pacticipant: string, tag?: string): Program<VersionViewData> {
  const found = yield* latestVersionOf(pacticipant, tag);
  return yield* versionView(found.pacticipant.name, found.version);
}

/** The latest version on a branch. */
export function* branchLatestVersionView(pacticipant: string, branch: string): Program<VersionViewData> {
  const p = yield* pacticipantOr404(pacticipant);
  const v = yield* latestVersion(p.id, { branch });
  if (!v) throw new NotFoundError(message('branch.no-versions', { pacticipant, branch }));
  return yield* versionView(p.name, v);
}

/** A page of a pacticipant's versions, newest first, with the total. */
export function* versionPage(
  pacticipant: string,
  limit: number,
  offset: number,
): Program<{ rows: VersionRow[]; total: number }> {
  const p = yield* pacticipantOr404(pacticipant);
  return yield* listVersions(p.id, limit, offset);
}
