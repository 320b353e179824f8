import {
  endSupport,
  recordDeployment,
  recordRelease,
  type ReleasedVersionRow,
} from '../../repositories/deployments.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';

/** Records a deployment (ending the instance's previous one) and emits `deploymentRecorded` when it is new. */
export function* deploy(
  hooks: Hooks,
  ids: { versionId: number; pacticipantId: number; environmentId: number },
  instance: string,
) {
  const out = yield* recordDeployment(ids.versionId, ids.pacticipantId, ids.environmentId, instance);
  if (out.created) {
    yield* hooks.emit('deploymentRecorded', {
      ...ids,
      applicationInstance: instance,
      deployedVersionUuid: out.row.uuid,
    });
  }
  return out;
}

/** Records a release (other releases stay supported) and emits `releaseRecorded` when it is new. */
export function* release(hooks: Hooks, ids: { versionId: number; pacticipantId: number; environmentId: number }) {
  const out = yield* recordRelease(ids.versionId, ids.pacticipantId, ids.environmentId);
  if (out.created) yield* hooks.emit('releaseRecorded', { ...ids, releasedVersionUuid: out.row.uuid });
  return out;
}

/**
 * Ends the support of a released version (record-support-ended) and emits `supportEnded`; a release
 * whose support already ended is left as it is, without a second event.
 */
export function* endReleaseSupport(hooks: Hooks, released: ReleasedVersionRow): Program<boolean> {
  if (released.support_ended_at !== null) return false;
  yield* endSupport(released.id);
  yield* hooks.emit('supportEnded', {
    pacticipantId: released.pacticipant_id,
    versionId: released.version_id,
    environmentId: released.environment_id,
    releasedVersionUuid: released.uuid,
  });
  return true;
}
