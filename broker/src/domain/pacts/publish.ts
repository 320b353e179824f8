import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { ensurePacticipant } from '../../repositories/pacticipants.ts';
import {
  addPublication,
  currentPublication,
  ensurePactVersion,
  findPactVersionById,
} from '../../repositories/pacts.ts';
import { environmentsOfVersions } from '../../repositories/deployments.ts';
import { touchEnvironments } from '../../storage/answer-stamps.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { decodePact, type DecodedPact } from './decode.ts';
import { mergePacts } from './merge.ts';
import { ensureVersionWithLabels, type VersionLabels } from '../versions/ensure.ts';
import { isRequiredByAny } from '../../repositories/requirements.ts';

export interface ContractToPublish {
  providerName: string;
  decoded: DecodedPact;
  onConflict?: 'overwrite' | 'merge';
}

export interface PublishCommand extends VersionLabels {
  consumerName: string;
  versionNumber: string;
  contracts: ContractToPublish[];
}

export type PublishStatus = 'created' | 'same' | 'overwritten' | 'merged';

export interface PublishedContract {
  provider: string;
  providerId: number;
  sha: string;
  pactVersionId: number;
  status: PublishStatus;
}

export interface PublishOutcome {
  consumerId: number;
  versionId: number;
  versionCreated: boolean;
  notices: { type: string; text: string }[];
  contracts: PublishedContract[];
}

/**
 * Publishes a consumer version's pacts in one transaction. Identical content again is a success;
 * different content for a published consumer version is a conflict that changes nothing, unless the
 * client asked to merge, or to overwrite and the server allows modification.
 */
export function* publishPacts(hooks: Hooks, cmd: PublishCommand, allowModification: boolean): Program<PublishOutcome> {
  const { consumer, version, created, notices, branchAdded } = yield* ensureVersionWithLabels(
    cmd.consumerName,
    cmd.versionNumber,
    cmd,
  );
  const contracts: PublishedContract[] = [];
  for (const c of cmd.contracts) {
    const provider = yield* ensurePacticipant(c.providerName);
    const args = { consumer: cmd.consumerName, version: cmd.versionNumber, provider: c.providerName };
    const current = yield* currentPublication(version.id, provider.id);
    let decoded = c.decoded;
    let status: PublishStatus = 'created';
    if (current && current.sha === decoded.sha) status = 'same';
    else if (current && c.onConflict === 'merge') {
      const existing = (yield* findPactVersionById(current.pact_version_id))!;
      const { merged, conflict, added } = mergePacts(JSON.parse(existing.content), decoded.json);
      if (conflict)
        throw new ConflictError(message('pact.merge-conflict', { ...args, description: conflict }), 'contracts');
      decoded = decodePact(merged, '$');
      status = decoded.sha === current.sha ? 'same' : 'merged';
      notices.push({ type: 'info', text: message('pact.merged', { ...args, count: added }) });
    } else if (current) {
      if (!(c.onConflict === 'overwrite' && allowModification))
        throw new ConflictError(message('pact.conflict', args), 'contracts');
      status = 'overwritten';
    }
    const pv = yield* ensurePactVersion(
      consumer.id,
      provider.id,
      decoded.sha,
      decoded.content,
      decoded.specVersion,
      decoded.interactionCount,
    );
    if (status !== 'same') yield* addPublication(version.id, consumer.id, provider.id, pv.id);
    const id: Record<PublishStatus, Parameters<typeof message>[0]> = {
      created: 'pact.created',
      same: 'pact.same',
      overwritten: 'pact.overwritten',
      merged: 'pact.created',
    };
    notices.push({ type: status === 'same' ? 'info' : 'success', text: message(id[status], args) });
    // Accepted (as the Pact Broker does), but a verifier would verify nothing: say so where it was published.
    if (decoded.interactionCount === 0)
      notices.push({ type: 'warning', text: message('pact.nothing-to-verify', args) });
    contracts.push({
      provider: c.providerName,
      providerId: provider.id,
      sha: decoded.sha,
      pactVersionId: pv.id,
      status,
    });
  }
  // The cached answers of the environments where this consumer version was ever deployed or released change; no
  // other's (a version deployed nowhere changes none). One indexed query whatever the history. But a version added to
  // a branch moves positions on the main branch, which a requirement declared on this pacticipant may compare
  // (domain/rollback/gather.ts `declaredRequirements`) wherever its requiring versions are: then, unscoped (every
  // environment's answers and kept worlds are read again).
  const touched =
    branchAdded && (yield* isRequiredByAny(consumer.id)) ? undefined : yield* environmentsOfVersions([version.id]);
  if (touched) yield* touchEnvironments(touched, { kind: 'pact', versionId: version.id });
  yield* hooks.emit('pactsPublished', {
    consumerId: consumer.id,
    consumer: cmd.consumerName,
    versionId: version.id,
    version: cmd.versionNumber,
    versionCreated: created,
    ...(cmd.branch ? { branch: cmd.branch } : {}),
    contracts,
    ...(touched ? { touchedEnvironmentIds: touched } : {}),
  });
  return { consumerId: consumer.id, versionId: version.id, versionCreated: created, notices, contracts };
}
