import {
  endSupport,
  undeploy,
  type DeployedVersionRow,
  type ReleasedVersionRow,
} from '../../repositories/deployments.ts';
import type { EnvironmentRow } from '../../repositories/environments.ts';
import { touchEnvironments } from '../../storage/answer-stamps.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { deployedVersionOr404, releasedVersionOr404 } from './queries.ts';

/** record-undeployment: ends a deployment once (again is a no-op) and tells the hooks. */
export function* undeployVersion(
  hooks: Hooks,
  uuid: string,
): Program<{ row: DeployedVersionRow; env: EnvironmentRow }> {
  const { row } = yield* deployedVersionOr404(uuid);
  if (row.undeployed_at === null) {
    yield* undeploy(row.id);
    yield* touchEnvironments([row.environment_id], { kind: 'deploy', pacticipantId: row.pacticipant_id });
    yield* hooks.emit('undeploymentRecorded', {
      pacticipantId: row.pacticipant_id,
      environmentId: row.environment_id,
      deployedVersionUuid: uuid,
    });
  }
  return yield* deployedVersionOr404(uuid);
}

/**
 * record-support-ended: the release is no longer supported, and `supportEnded` is emitted; again is a
 * no-op without a second event.
 */
export function* endReleaseSupport(
  hooks: Hooks,
  uuid: string,
): Program<{ row: ReleasedVersionRow; env: EnvironmentRow }> {
  const { row } = yield* releasedVersionOr404(uuid);
  if (row.support_ended_at === null) {
    yield* endSupport(row.id);
    yield* touchEnvironments([row.environment_id], { kind: 'deploy', pacticipantId: row.pacticipant_id });
    yield* hooks.emit('supportEnded', {
      pacticipantId: row.pacticipant_id,
      versionId: row.version_id,
      environmentId: row.environment_id,
      releasedVersionUuid: uuid,
    });
  }
  return yield* releasedVersionOr404(uuid);
}
