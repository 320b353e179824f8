import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  currentlyDeployed,
  currentlySupported,
  findDeployedVersion,
  findReleasedVersion,
  type DeployedVersionRow,
  type ReleasedVersionRow,
} from '../../repositories/deployments.ts';
import { findEnvironmentById, type EnvironmentRow } from '../../repositories/environments.ts';
import { findVersion } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { environmentOr404, pacticipantOr404 } from '../lookup.ts';

export type { DeployedVersionRow, ReleasedVersionRow } from '../../repositories/deployments.ts';

/** The versions currently deployed in an environment, of one pacticipant or one application instance. */
export function* currentlyDeployedIn(
  environmentUuid: string,
  filter: { pacticipant?: string; instance?: string },
): Program<{ env: EnvironmentRow; rows: DeployedVersionRow[] }> {
  const env = yield* environmentOr404(environmentUuid);
  const pacticipantId = filter.pacticipant !== undefined ? (yield* pacticipantOr404(filter.pacticipant)).id : undefined;
  return { env, rows: yield* currentlyDeployed(env.id, { pacticipantId, instance: filter.instance }) };
}

/** The releases currently supported in an environment, of one pacticipant or one of its versions. */
export function* currentlySupportedIn(
  environmentUuid: string,
  filter: { pacticipant?: string; version?: string },
): Program<{ env: EnvironmentRow; rows: ReleasedVersionRow[] }> {
  const env = yield* environmentOr404(environmentUuid);
  let pacticipantId: number | undefined;
  let versionId: number | undefined;
  if (filter.pacticipant !== undefined) {
    const p = yield* pacticipantOr404(filter.pacticipant);
    pacticipantId = p.id;
    // An unknown version matches nothing.
    if (filter.version !== undefined) versionId = (yield* findVersion(p.id, filter.version))?.id ?? -1;
  }
  return { env, rows: yield* currentlySupported(env.id, { pacticipantId, versionId }) };
}

export function* deployedVersionOr404(uuid: string): Program<{ row: DeployedVersionRow; env: EnvironmentRow }> {
  const row = yield* findDeployedVersion(uuid);
  if (!row) throw new NotFoundError(message('deployed-version.not-found', { uuid }));
  return { row, env: (yield* findEnvironmentById(row.environment_id))! };
}

export function* releasedVersionOr404(uuid: string): Program<{ row: ReleasedVersionRow; env: EnvironmentRow }> {
  const row = yield* findReleasedVersion(uuid);
  if (!row) throw new NotFoundError(message('released-version.not-found', { uuid }));
  return { row, env: (yield* findEnvironmentById(row.environment_id))! };
}
