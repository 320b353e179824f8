import { setBuildUrl } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { ensureVersionWithLabels } from './ensure.ts';
import { versionViewOf } from './queries.ts';
import type { VersionViewData } from './view.ts';

/**
 * create-or-update-version: creates the version if needed and adds the branch and tags. A replace
 * (PUT) with `buildUrl: null` clears the build URL; a merge (PATCH) leaves what is not given.
 */
export function* saveVersion(
  hooks: Hooks,
  pacticipant: string,
  version: string,
  labels: { branch?: string; tags?: string[]; buildUrl?: string | null },
  replace: boolean,
): Program<{ created: boolean; view: VersionViewData }> {
  const {
    consumer: p,
    version: row,
    created,
  } = yield* ensureVersionWithLabels(pacticipant, version, {
    branch: labels.branch,
    tags: labels.tags,
    buildUrl: labels.buildUrl ?? undefined,
  });
  if (replace && labels.buildUrl === null) yield* setBuildUrl(row.id, null);
  yield* hooks.emit('versionSaved', { pacticipantId: p.id, pacticipant: p.name, versionId: row.id, version, created });
  return { created, view: yield* versionViewOf(pacticipant, version) };
}
