import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { findPacticipant } from '../../repositories/pacticipants.ts';
import { findPactVersionBySha } from '../../repositories/pacts.ts';
import { addVerification, type VerificationRow } from '../../repositories/verifications.ts';
import { environmentsOfVersions } from '../../repositories/deployments.ts';
import { touchEnvironments } from '../../storage/answer-stamps.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { failuresOf } from '../../gate/verification/failures.ts';
import { ensureVersionWithLabels } from '../versions/ensure.ts';

export interface VerificationCommand {
  provider: string;
  consumer: string;
  sha: string;
  providerVersion: string;
  success: boolean;
  buildUrl?: string;
  testResults?: unknown;
  verifiedBy?: unknown;
  /** Published through a work-in-progress pact's URL (its metadata says so). */
  wip?: boolean;
}

/**
 * Records a verification result. It belongs to the pact *content* (so every consumer version with the
 * same content shares it) and to the provider version, which is created on the fly.
 */
export function* publishVerification(
  hooks: Hooks,
  cmd: VerificationCommand,
): Program<{ row: VerificationRow; consumerId: number; providerId: number; pactVersionId: number }> {
  const consumer = yield* findPacticipant(cmd.consumer);
  const provider = yield* findPacticipant(cmd.provider);
  const pv = consumer && provider ? yield* findPactVersionBySha(consumer.id, provider.id, cmd.sha) : undefined;
  if (!consumer || !provider || !pv)
    throw new NotFoundError(
      message('pact.not-found', {
        consumer: cmd.consumer,
        provider: cmd.provider,
        selector: `pact version ${cmd.sha}`,
      }),
    );
  const { version } = yield* ensureVersionWithLabels(cmd.provider, cmd.providerVersion, {});
  const row = yield* addVerification({
    pactVersionId: pv.id,
    providerVersionId: version.id,
    consumerId: consumer.id,
    providerId: provider.id,
    success: cmd.success,
    buildUrl: cmd.buildUrl,
    testResults: cmd.testResults,
    verifiedBy: cmd.verifiedBy,
    // Read now, from the results already in memory: answers then never parse test results.
    failures: failuresOf(cmd.success, cmd.testResults),
    wip: cmd.wip ?? false,
  });
  // A pair's evidence matters where both versions are in play: only the environments of this provider version.
  const touched = yield* environmentsOfVersions([version.id]);
  yield* touchEnvironments(touched, { kind: 'verification', providerVersionId: version.id });
  yield* hooks.emit('verificationPublished', {
    verificationId: row.id,
    pactVersionId: pv.id,
    consumerId: consumer.id,
    providerId: provider.id,
    providerVersionId: version.id,
    success: cmd.success,
    touchedEnvironmentIds: touched,
  });
  return { row, consumerId: consumer.id, providerId: provider.id, pactVersionId: pv.id };
}
