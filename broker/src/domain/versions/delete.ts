import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { removeVersions } from '../../repositories/removal.ts';
import { rollbackUses } from '../../repositories/rollback-uses.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { versionOr404 } from '../lookup.ts';
import { describeUses } from '../rollback/needed.ts';

/**
 * Rollback analysis reads deployment history: a version that was deployed or released stays (409 naming where),
 * unless an admin forces it (`force`, checked by the caller), which also removes its deployment and release records.
 * Everything that hangs off the version goes with it (its pacts, the verifications it published, its documents, tags
 * and branch memberships), leaving no row that points at nothing.
 */
export function* deleteUndeployedVersion(
  hooks: Hooks,
  pacticipant: string,
  version: string,
  opts: { force?: boolean } = {},
): Program<void> {
  const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
  if (!opts.force) {
    const uses = (yield* rollbackUses(p.id, { history: true })).filter((u) => u.versionId === v.id);
    if (uses.length)
      throw new ConflictError(
        message('version.needed-by-rollback', { pacticipant, version, uses: describeUses(uses) }),
      );
  }
  yield* removeVersions([v.id], { withHistory: opts.force });
  yield* hooks.emit('versionDeleted', {
    pacticipantId: p.id,
    pacticipant: p.name,
    version: v.number,
    ...(opts.force ? { forced: true } : {}),
  });
}
