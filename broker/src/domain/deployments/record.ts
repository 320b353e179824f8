import { recordDeployment, recordRelease } from '../../repositories/deployments.ts';
import { touchEnvironments } from '../../storage/answer-stamps.ts';
import type { Hooks } from '../hooks.ts';

/** Records a deployment (ending the instance's previous one) and emits `deploymentRecorded` when it is new. */
export function* deploy(
  hooks: Hooks,
  ids: { versionId: number; pacticipantId: number; environmentId: number },
  instance: string,
) {
  const out = yield* recordDeployment(ids.versionId, ids.pacticipantId, ids.environmentId, instance);
  if (out.created) {
    // Only this environment's cached answers change (storage/answer-stamps.ts).
    yield* touchEnvironments([ids.environmentId], { kind: 'deploy', pacticipantId: ids.pacticipantId });
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
  if (out.created) yield* touchEnvironments([ids.environmentId], { kind: 'deploy', pacticipantId: ids.pacticipantId });
  if (out.created) yield* hooks.emit('releaseRecorded', { ...ids, releasedVersionUuid: out.row.uuid });
  return out;
}
