import type { Program } from '../storage/sql.ts';
import type { PublishOutcome } from './pacts/publish.ts';

/**
 * What other parts of the broker (comparison queue, webhooks, audit) need to know when something is
 * written. Hooks are storage programs: they run inside the same transaction as the write that
 * triggered them, so a queued job or webhook delivery is never lost once a client got its 2xx.
 */
export interface WriteEvents {
  pactsPublished: PublishOutcome & { consumer: string; version: string; branch?: string };
  verificationPublished: {
    verificationId: number;
    pactVersionId: number;
    consumerId: number;
    providerId: number;
    providerVersionId: number;
    success: boolean;
  };
  providerContractPublished: { providerId: number; providerVersionId: number; contractId: number };
  deploymentRecorded: {
    pacticipantId: number;
    versionId: number;
    environmentId: number;
    applicationInstance: string;
    deployedVersionUuid: string;
  };
  releaseRecorded: { pacticipantId: number; versionId: number; environmentId: number };
  undeploymentRecorded: { pacticipantId: number; environmentId: number; deployedVersionUuid: string };
}

export type Hook<E extends keyof WriteEvents> = (event: WriteEvents[E]) => Program<void>;

export class Hooks {
  private readonly handlers: { [E in keyof WriteEvents]?: Hook<E>[] } = {};

  on<E extends keyof WriteEvents>(event: E, hook: Hook<E>): void {
    this.handlers[event] ??= [];
    (this.handlers[event] as Hook<E>[]).push(hook);
  }

  *emit<E extends keyof WriteEvents>(event: E, payload: WriteEvents[E]): Program<void> {
    for (const hook of (this.handlers[event] ?? []) as Hook<E>[]) yield* hook(payload);
  }
}
