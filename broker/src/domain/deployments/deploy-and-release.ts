import type { DeployedVersionRow, ReleasedVersionRow } from '../../repositories/deployments.ts';
import type { EnvironmentRow } from '../../repositories/environments.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { environmentOr404, versionOr404 } from '../lookup.ts';
import { deploy, release } from './record.ts';

interface Target {
  pacticipant: string;
  version: string;
  environmentUuid: string;
}

/** record-deployment by names: the previous deployment of the same application instance ends. */
export function* deployVersion(
  hooks: Hooks,
  t: Target & { instance: string },
): Program<{ row: DeployedVersionRow; env: EnvironmentRow; created: boolean }> {
  const { pacticipant: p, version: v } = yield* versionOr404(t.pacticipant, t.version);
  const env = yield* environmentOr404(t.environmentUuid);
  const out = yield* deploy(hooks, { versionId: v.id, pacticipantId: p.id, environmentId: env.id }, t.instance);
  return { ...out, env };
}

/** record-release by names: other releases stay supported. */
export function* releaseVersion(
  hooks: Hooks,
  t: Target,
): Program<{ row: ReleasedVersionRow; env: EnvironmentRow; created: boolean }> {
  const { pacticipant: p, version: v } = yield* versionOr404(t.pacticipant, t.version);
  const env = yield* environmentOr404(t.environmentUuid);
  const out = yield* release(hooks, { versionId: v.id, pacticipantId: p.id, environmentId: env.id });
  return { ...out, env };
}
