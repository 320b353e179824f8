import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { hasDeploymentHistory } from '../../repositories/deployments.ts';
import { deleteVersion } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { versionOr404 } from '../lookup.ts';

/** Rollback analysis reads deployment history: a version that was deployed or released stays. */
export function* deleteUndeployedVersion(hooks: Hooks, pacticipant: string, version: string): Program<void> {
  const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
  if (yield* hasDeploymentHistory({ versionId: v.id }))
    throw new ConflictError(message('version.has-history', { pacticipant, version }));
  yield* deleteVersion(v.id);
  yield* hooks.emit('versionDeleted', { pacticipantId: p.id, pacticipant: p.name, version: v.number });
}
