import { ConflictError, NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  pactVersionsOfPair,
  publishedVersionsOfPair,
  removePublications,
  removeWebhooksOfPair,
} from '../../repositories/removal.ts';
import { rollbackUses, subsumersNeeded } from '../../repositories/rollback-uses.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { pacticipantOr404, versionOr404 } from '../lookup.ts';
import { describeUses } from '../rollback/needed.ts';
import { integrationList, type Integration } from './integrations.ts';

export interface PairDelete {
  consumer: string;
  provider: string;
  /** Delete even what a rollback needs (an admin's decision, checked by the caller). */
  force?: boolean;
}

/**
 * Refuses (409) to remove the pacts of `versionIds` (consumer versions of the pair) when a rollback needs them: a
 * version currently deployed or released, or the prior deployed version, in any environment; or a pact that proved one
 * of theirs subsumed (`pactVersionIds`, the contents that would go).
 */
function* refuseIfNeeded(
  what: string,
  consumerId: number,
  versionIds: readonly number[],
  pactVersionIds: readonly number[],
): Program<void> {
  const uses = yield* rollbackUses(consumerId);
  const ids = new Set(versionIds);
  const direct = uses.filter((u) => ids.has(u.versionId));
  if (direct.length)
    throw new ConflictError(message('delete.needed-by-rollback', { what, uses: describeUses(direct) }));
  const proving = yield* subsumersNeeded(
    uses.map((u) => u.versionId),
    pactVersionIds,
  );
  if (proving.length) throw new ConflictError(message('delete.needed-by-rollback', { what, uses: describeUses(uses) }));
}

/** `DELETE /pacts/provider/P/consumer/C/version/V`: one consumer version's pact with a provider (every revision). */
export function* deletePactOfVersion(hooks: Hooks, cmd: PairDelete & { version: string }): Program<void> {
  const { pacticipant: c, version: v } = yield* versionOr404(cmd.consumer, cmd.version);
  const p = yield* pacticipantOr404(cmd.provider);
  const contents = yield* pactVersionsOfPair(c.id, p.id, v.id);
  if (!contents.length)
    throw new NotFoundError(
      message('pact.not-found', { consumer: cmd.consumer, version: cmd.version, provider: cmd.provider }),
    );
  const what = `the pact of ${c.name} version ${v.number} with ${p.name}`;
  if (!cmd.force) yield* refuseIfNeeded(what, c.id, [v.id], contents);
  yield* removePublications(c.id, p.id, v.id);
  yield* hooks.emit('pactDeleted', {
    consumer: c.name,
    provider: p.name,
    version: v.number,
    forced: Boolean(cmd.force),
  });
}

/** `DELETE /pacts/provider/P/consumer/C`: every pact of the pair. */
export function* deletePactsOfPair(hooks: Hooks, cmd: PairDelete): Program<void> {
  yield* removePairPacts(cmd, true);
  yield* hooks.emit('pactDeleted', { consumer: cmd.consumer, provider: cmd.provider, forced: Boolean(cmd.force) });
}

function* removePairPacts(cmd: PairDelete, required: boolean): Program<boolean> {
  const c = yield* pacticipantOr404(cmd.consumer);
  const p = yield* pacticipantOr404(cmd.provider);
  const versions = yield* publishedVersionsOfPair(c.id, p.id);
  if (!versions.length) {
    if (required)
      throw new NotFoundError(message('pact.not-found', { consumer: cmd.consumer, provider: cmd.provider }));
    return false;
  }
  if (!cmd.force)
    yield* refuseIfNeeded(
      `the pacts of ${c.name} with ${p.name}`,
      c.id,
      versions,
      yield* pactVersionsOfPair(c.id, p.id),
    );
  yield* removePublications(c.id, p.id);
  return true;
}

/** `GET /integrations/provider/P/consumer/C`. */
export function* integrationOr404(consumer: string, provider: string): Program<Integration> {
  const c = yield* pacticipantOr404(consumer);
  const p = yield* pacticipantOr404(provider);
  const found = (yield* integrationList({ consumerId: c.id, providerId: p.id }))[0];
  if (!found) throw new NotFoundError(message('integration.not-found', { consumer, provider }));
  return found;
}

/** `DELETE /integrations/provider/P/consumer/C`: the pair's pacts, their verifications, and the pair's own webhooks. */
export function* deleteIntegration(hooks: Hooks, cmd: PairDelete): Program<void> {
  yield* integrationOr404(cmd.consumer, cmd.provider);
  yield* removePairPacts(cmd, false);
  const webhooks = yield* removeWebhooksOfPair(cmd.consumer, cmd.provider);
  yield* hooks.emit('integrationDeleted', {
    consumer: cmd.consumer,
    provider: cmd.provider,
    webhooks,
    forced: Boolean(cmd.force),
  });
}
