import { findDeployedVersion, findReleasedVersion } from '../../repositories/deployments.ts';
import type { Program } from '../../storage/sql.ts';

/** The pacticipant a deployed-version resource belongs to (none when it does not exist). */
export function* pacticipantOfDeployment(params: Record<string, string>): Program<string[]> {
  const d = yield* findDeployedVersion(params.uuid);
  return d ? [d.pacticipant_name] : [];
}

/** The pacticipant a released-version resource belongs to (none when it does not exist). */
export function* pacticipantOfRelease(params: Record<string, string>): Program<string[]> {
  const r = yield* findReleasedVersion(params.uuid);
  return r ? [r.pacticipant_name] : [];
}
