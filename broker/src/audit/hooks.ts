import { currentActor, type Hooks } from '../domain/hooks.ts';
import type { DomainEvents, EventName } from '../domain/events.ts';
import type { Program } from '../storage/sql.ts';
import {
  environmentName,
  insertAuditEntry,
  pactSha,
  pacticipantName,
  versionNumber,
  type AuditAction,
} from './repository.ts';

interface AuditRecord {
  action: AuditAction;
  /** A one-line summary ("web 1.0.0 -> orders"). */
  subject: string;
  detail: Record<string, unknown>;
}

type Describe<E extends EventName> = (e: DomainEvents[E]) => Program<AuditRecord>;

/** An entry that needs no lookup. */
function plain<E extends EventName>(describe: (e: DomainEvents[E]) => AuditRecord): Describe<E> {
  // biome-ignore lint/correctness/useYield: a program that reads nothing
  return function* (e) {
    return describe(e);
  };
}

/**
 * How each domain event reads in the audit log. A record over every event name, so an event added to
 * the catalogue (domain/events.ts) without its audit entry does not compile: each event is audited.
 */
const AUDIT: { [E in EventName]: Describe<E> } = {
  *pactsPublished(e) {
    const providers = e.contracts.map((c) => c.provider);
    return {
      action: 'pacts.published',
      subject: `${e.consumer} ${e.version} -> ${providers.join(', ')}`,
      detail: {
        consumer: e.consumer,
        version: e.version,
        ...(e.branch ? { branch: e.branch } : {}),
        contracts: e.contracts.map((c) => ({ provider: c.provider, sha: c.sha, status: c.status })),
      },
    };
  },
  *verificationPublished(e) {
    const provider = yield* pacticipantName(e.providerId);
    const consumer = yield* pacticipantName(e.consumerId);
    const providerVersion = yield* versionNumber(e.providerVersionId);
    const sha = yield* pactSha(e.pactVersionId);
    return {
      action: 'verification.published',
      subject: `${provider} ${providerVersion} verified ${consumer} pact ${sha.slice(0, 12)}: ${e.success ? 'success' : 'failure'}`,
      detail: {
        provider,
        providerVersion,
        consumer,
        pactSha: sha,
        success: e.success,
        verificationId: e.verificationId,
      },
    };
  },
  *providerContractPublished(e) {
    const provider = yield* pacticipantName(e.providerId);
    const version = yield* versionNumber(e.providerVersionId);
    return {
      action: 'provider-contract.published',
      subject: `${provider} ${version}`,
      detail: { provider, version, contractId: e.contractId },
    };
  },
  *deploymentRecorded(e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const version = yield* versionNumber(e.versionId);
    const environment = yield* environmentName(e.environmentId);
    return {
      action: 'deployment.recorded',
      subject: `${pacticipant} ${version} deployed to ${environment}${e.applicationInstance ? ` (${e.applicationInstance})` : ''}`,
      detail: {
        pacticipant,
        version,
        environment,
        applicationInstance: e.applicationInstance,
        deployedVersionUuid: e.deployedVersionUuid,
      },
    };
  },
  *undeploymentRecorded(e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const environment = yield* environmentName(e.environmentId);
    return {
      action: 'undeployment.recorded',
      subject: `${pacticipant} undeployed from ${environment}`,
      detail: { pacticipant, environment, deployedVersionUuid: e.deployedVersionUuid },
    };
  },
  *releaseRecorded(e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const version = yield* versionNumber(e.versionId);
    const environment = yield* environmentName(e.environmentId);
    return {
      action: 'release.recorded',
      subject: `${pacticipant} ${version} released to ${environment}`,
      detail: {
        pacticipant,
        version,
        environment,
        ...(e.releasedVersionUuid ? { releasedVersionUuid: e.releasedVersionUuid } : {}),
      },
    };
  },
  *supportEnded(e) {
    const pacticipant = yield* pacticipantName(e.pacticipantId);
    const version = yield* versionNumber(e.versionId);
    const environment = yield* environmentName(e.environmentId);
    return {
      action: 'support.ended',
      subject: `${pacticipant} ${version} no longer supported in ${environment}`,
      detail: { pacticipant, version, environment, releasedVersionUuid: e.releasedVersionUuid },
    };
  },
  environmentCreated: plain((e) => ({
    action: 'environment.created',
    subject: e.name,
    detail: { environment: e.name, uuid: e.uuid },
  })),
  environmentUpdated: plain((e) => {
    const renamed = e.previousName !== e.name;
    return {
      action: 'environment.updated',
      subject: renamed ? `${e.previousName} renamed to ${e.name}` : e.name,
      detail: { environment: e.name, uuid: e.uuid, ...(renamed ? { previousName: e.previousName } : {}) },
    };
  }),
  environmentDeleted: plain((e) => ({
    action: 'environment.deleted',
    subject: e.name,
    detail: { environment: e.name, uuid: e.uuid },
  })),
  pacticipantCreated: plain((e) => ({
    action: 'pacticipant.created',
    subject: e.name,
    detail: { pacticipant: e.name },
  })),
  pacticipantUpdated: plain((e) => ({
    action: 'pacticipant.updated',
    subject: e.name,
    detail: { pacticipant: e.name },
  })),
  pacticipantDeleted: plain((e) => ({
    action: 'pacticipant.deleted',
    subject: e.name,
    detail: { pacticipant: e.name },
  })),
  labelAdded: plain((e) => ({
    action: 'label.added',
    subject: `${e.pacticipant} labelled ${e.label}`,
    detail: { pacticipant: e.pacticipant, label: e.label },
  })),
  labelRemoved: plain((e) => ({
    action: 'label.removed',
    subject: `${e.pacticipant} no longer labelled ${e.label}`,
    detail: { pacticipant: e.pacticipant, label: e.label },
  })),
  versionSaved: plain((e) => ({
    action: 'version.saved',
    subject: `${e.pacticipant} ${e.version}`,
    detail: { pacticipant: e.pacticipant, version: e.version, created: e.created },
  })),
  versionDeleted: plain((e) => ({
    action: 'version.deleted',
    subject: `${e.pacticipant} ${e.version}`,
    detail: { pacticipant: e.pacticipant, version: e.version },
  })),
  tagAdded: plain((e) => ({
    action: 'tag.added',
    subject: `${e.pacticipant} ${e.version} tagged ${e.tag}`,
    detail: { pacticipant: e.pacticipant, version: e.version, tag: e.tag },
  })),
  tagRemoved: plain((e) => ({
    action: 'tag.removed',
    subject: `${e.pacticipant} ${e.version} untagged ${e.tag}`,
    detail: { pacticipant: e.pacticipant, version: e.version, tag: e.tag },
  })),
  branchVersionAdded: plain((e) => ({
    action: 'branch-version.added',
    subject: `${e.pacticipant} ${e.version} on branch ${e.branch}`,
    detail: { pacticipant: e.pacticipant, version: e.version, branch: e.branch },
  })),
  migrationRecorded: plain((e) => ({
    action: 'migration.recorded',
    subject: `${e.pacticipant} ${e.version} migration ${e.migration}`,
    detail: { pacticipant: e.pacticipant, version: e.version, migration: e.migration, reversible: e.reversible },
  })),
  migrationDeleted: plain((e) => ({
    action: 'migration.deleted',
    subject: `${e.pacticipant} ${e.version} migration ${e.migration}`,
    detail: { pacticipant: e.pacticipant, version: e.version, migration: e.migration },
  })),
  requirementRecorded: plain((e) => ({
    action: 'requirement.recorded',
    subject: `${e.pacticipant} ${e.version} requires ${e.requires}`,
    detail: {
      pacticipant: e.pacticipant,
      version: e.version,
      requires: e.requires,
      atLeast: e.atLeast,
      range: e.range,
    },
  })),
  requirementDeleted: plain((e) => ({
    action: 'requirement.deleted',
    subject: `${e.pacticipant} ${e.version} requires ${e.requires}`,
    detail: { pacticipant: e.pacticipant, version: e.version, requires: e.requires },
  })),
  branchDeleted: plain((e) => ({
    action: 'branch.deleted',
    subject: `${e.pacticipant} branch ${e.branch}`,
    detail: { pacticipant: e.pacticipant, branch: e.branch },
  })),
  webhookCreated: plain((e) => ({
    action: 'webhook.created',
    subject: e.description ?? e.uuid,
    detail: { uuid: e.uuid },
  })),
  webhookUpdated: plain((e) => ({
    action: 'webhook.updated',
    subject: e.description ?? e.uuid,
    detail: { uuid: e.uuid },
  })),
  webhookDeleted: plain((e) => ({ action: 'webhook.deleted', subject: e.uuid, detail: { uuid: e.uuid } })),
};

const installed = new WeakSet<Hooks>();

/**
 * Writes an audit row for every domain event, as an in-transaction hook: the one part of a write's
 * follow-up that must be atomic with it (why: domain/hooks.ts `Hooks.on`). An acknowledged write
 * always has its audit row and a rolled-back one never does.
 */
export function installAuditHooks(hooks: Hooks): void {
  if (installed.has(hooks)) return;
  installed.add(hooks);
  for (const event of Object.keys(AUDIT) as EventName[]) {
    const describe = AUDIT[event] as Describe<EventName>;
    hooks.on(event, function* (payload) {
      const record = yield* describe(payload);
      yield* insertAuditEntry({ ...currentActor(), ...record });
    });
  }
}
