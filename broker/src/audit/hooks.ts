import type { Hooks } from '../domain/hooks.ts';
import { currentContext } from '../context/request-context.ts';
import type { Program } from '../storage/sql.ts';
import {
  environmentName,
  insertAuditEntry,
  pactSha,
  pacticipantName,
  versionNumber,
  type AuditAction,
} from './repository.ts';

/** Who is writing: the request's principal, or `system` for writes outside a request (tests, tools). */
function who(): { principal: string; principalKind: string; requestId?: string } {
  const ctx = currentContext();
  return ctx?.principal
    ? { principal: ctx.principal.name, principalKind: ctx.principal.kind, requestId: ctx.requestId }
    : { principal: 'system', principalKind: 'system', requestId: ctx?.requestId };
}

function* record(action: AuditAction, subject: string, detail: Record<string, unknown>): Program<void> {
  yield* insertAuditEntry({ ...who(), action, subject, detail });
}

const installed = new WeakSet<Hooks>();

/**
 * Writes an audit row for each audited write, as a hook: inside the same transaction as the write,
 * so an acknowledged write always has its audit row and a rolled-back one never does.
 */
export function installAuditHooks(hooks: Hooks): void {
  if (installed.has(hooks)) return;
  installed.add(hooks);
  hooks.on('pactsPublished', function* (e) {
    const providers = e.contracts.map((c) => c.provider);
    yield* record('pacts.published', `${e.consumer} ${e.version} -> ${providers.join(', ')}`, {
      consumer: e.consumer,
      version: e.version,
      ...(e.branch ? { branch: e.branch } : {}),
      contracts: e.contracts.map((c) => ({ provider: c.provider, sha: c.sha, status: c.status })),
    });
  });
  hooks.on('verificationPublished', function* (e) {
    const provider = yield* pacticipantName(e.providerId);
    const consumer = yield* pacticipantName(e.consumerId);
    const providerVersion = yield* versionNumber(e.providerVersionId);
    const sha = yield* pactSha(e.pactVersionId);
    yield* record(
      'verification.published',
      `${provider} ${providerVersion} verified ${consumer} pact ${sha.slice(0, 12)}: ${e.success ? 'success' : 'failure'}`,
      {
        provider,
        providerVersion,
        consumer,
        pactSha: sha,
        success: e.success,
        verificationId: e.verificationId,
      },
    );
  });
  hooks.on('providerContractPublished', function* (e) {
    const provider = yield* pacticipantName(e.providerId);
    const version = yield* versionNumber(e.providerVersionId);
    yield* record('provider-contract.published', `${provider} ${version}`, {
      provider,
      version,
      contractId: e.contractId,
    });
  });
  hooks.on('deploymentRecorded', function* (e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const version = yield* versionNumber(e.versionId);
    const environment = yield* environmentName(e.environmentId);
    yield* record(
      'deployment.recorded',
      `${pacticipant} ${version} deployed to ${environment}${e.applicationInstance ? ` (${e.applicationInstance})` : ''}`,
      {
        pacticipant,
        version,
        environment,
        applicationInstance: e.applicationInstance,
        deployedVersionUuid: e.deployedVersionUuid,
      },
    );
  });
  hooks.on('undeploymentRecorded', function* (e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const environment = yield* environmentName(e.environmentId);
    yield* record('undeployment.recorded', `${pacticipant} undeployed from ${environment}`, {
      pacticipant,
      environment,
      deployedVersionUuid: e.deployedVersionUuid,
    });
  });
  hooks.on('releaseRecorded', function* (e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const version = yield* versionNumber(e.versionId);
    const environment = yield* environmentName(e.environmentId);
    yield* record('release.recorded', `${pacticipant} ${version} released to ${environment}`, {
      pacticipant,
      version,
      environment,
    });
  });
}
