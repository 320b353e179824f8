import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { addTag, removeTag, tagsOfVersions } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { versionOr404 } from '../lookup.ts';
import { ensureVersionWithLabels } from './ensure.ts';

/** Tags a version, creating the pacticipant and version if needed; true when the tag is new. */
export function* tagVersion(hooks: Hooks, pacticipant: string, version: string, tag: string): Program<boolean> {
  const { consumer: p, version: row } = yield* ensureVersionWithLabels(pacticipant, version, {});
  const added = yield* addTag(row.id, tag);
  if (added)
    yield* hooks.emit('tagAdded', { pacticipantId: p.id, pacticipant: p.name, versionId: row.id, version, tag });
  return added;
}

export function* tagOr404(pacticipant: string, version: string, tag: string): Program<void> {
  const { version: v } = yield* versionOr404(pacticipant, version);
  if (!(yield* tagsOfVersions([v.id])).some((t) => t.name === tag))
    throw new NotFoundError(message('tag.not-found', { pacticipant, version, tag }));
}

export function* untagVersion(hooks: Hooks, pacticipant: string, version: string, tag: string): Program<void> {
  const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
  if (!(yield* removeTag(v.id, tag))) throw new NotFoundError(message('tag.not-found', { pacticipant, version, tag }));
  yield* hooks.emit('tagRemoved', { pacticipantId: p.id, pacticipant: p.name, version: v.number, tag });
}
