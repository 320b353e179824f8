import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { addTag, removeTag, tagsOfVersions } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { versionOr404 } from '../lookup.ts';
import { ensureVersionWithLabels } from './ensure.ts';

/** Tags a version, creating the pacticipant and version if needed; true when the tag is new. */
export function* tagVersion(pacticipant: string, version: string, tag: string): Program<boolean> {
  const { version: row } = yield* ensureVersionWithLabels(pacticipant, version, {});
  return yield* addTag(row.id, tag);
}

export function* tagOr404(pacticipant: string, version: string, tag: string): Program<void> {
  const { version: v } = yield* versionOr404(pacticipant, version);
  if (!(yield* tagsOfVersions([v.id])).some((t) => t.name === tag))
    throw new NotFoundError(message('tag.not-found', { pacticipant, version, tag }));
}

export function* untagVersion(pacticipant: string, version: string, tag: string): Program<void> {
  const { version: v } = yield* versionOr404(pacticipant, version);
  if (!(yield* removeTag(v.id, tag))) throw new NotFoundError(message('tag.not-found', { pacticipant, version, tag }));
}
