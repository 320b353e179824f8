import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { removePacticipant } from '../../repositories/removal.ts';
import { rollbackUses } from '../../repositories/rollback-uses.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { pacticipantOr404 } from '../lookup.ts';
import { describeUses } from '../rollback/needed.ts';

/**
 * Rollback analysis needs every version that was ever deployed: a pacticipant with that history stays (409 naming the
 * environments), unless an admin forces it (`force`, checked by the caller).
 */
export function* deletePacticipantWithoutHistory(
  hooks: Hooks,
  name: string,
  opts: { force?: boolean } = {},
): Program<void> {
  const p = yield* pacticipantOr404(name);
  if (!opts.force) {
    const uses = yield* rollbackUses(p.id, { history: true });
    if (uses.length)
      throw new ConflictError(message('pacticipant.needed-by-rollback', { name, uses: describeUses(uses) }));
  }
  yield* removePacticipant(p.id, { withHistory: opts.force });
  yield* hooks.emit('pacticipantDeleted', { name: p.name, ...(opts.force ? { forced: true } : {}) });
}
