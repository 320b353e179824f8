import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { hasDeploymentHistory } from '../../repositories/deployments.ts';
import { deletePacticipant } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { pacticipantOr404 } from '../lookup.ts';

/** Rollback analysis needs every version that was ever deployed: a pacticipant with that history stays. */
export function* deletePacticipantWithoutHistory(hooks: Hooks, name: string): Program<void> {
  const p = yield* pacticipantOr404(name);
  if (yield* hasDeploymentHistory({ pacticipantId: p.id }))
    throw new ConflictError(message('pacticipant.has-history', { name }));
  yield* deletePacticipant(p.id);
  yield* hooks.emit('pacticipantDeleted', { name: p.name });
}
