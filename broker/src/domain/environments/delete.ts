import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { deleteEnvironment, environmentHasHistory } from '../../repositories/environments.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { environmentOr404 } from '../lookup.ts';

/** Refused while the environment has deployment history: rollback analysis reads that history. */
export function* deleteUnusedEnvironment(hooks: Hooks, uuid: string): Program<void> {
  const env = yield* environmentOr404(uuid);
  if (yield* environmentHasHistory(env.id)) throw new ConflictError(message('environment.in-use', { name: env.name }));
  yield* deleteEnvironment(env.id);
  yield* hooks.emit('environmentDeleted', { uuid: env.uuid, name: env.name });
}
