import type { Program } from '../storage/sql.ts';
import type { NamedRead } from '../storage/named-read.ts';

/**
 * The domain events: one for each write other parts of the broker care about. A domain program emits
 * its event with `hooks.emit(name, payload)` (domain/hooks.ts) inside its transaction; the event is a
 * row of the outbox, consumed in the background (broker/src/events/) by the comparison and subsumption
 * planner, webhooks and rollback readiness, and audited atomically. Payloads are JSON: ids for the
 * handlers, names where the audit log and webhooks show them. Adding an event: docs in DEVELOPERS.md.
 */
/** One contract of a publication, as its event carries it (the shape of domain/pacts/publish.ts's outcome). */
interface PublishedContract {
  provider: string;
  providerId: number;
  sha: string;
  pactVersionId: number;
  status: 'created' | 'same' | 'overwritten' | 'merged';
}

export interface DomainEvents {
  /** A consumer version's pacts (one event for the whole publication, whatever the number of providers). */
  pactsPublished: {
    consumerId: number;
    consumer: string;
    versionId: number;
    version: string;
    versionCreated: boolean;
    branch?: string;
    contracts: PublishedContract[];
    /**
     * The environments this write touched (`touchEnvironments`), as its own snapshot saw them; absent when it
     * invalidated every environment. domain/answer-scope/late-touches.ts reads them again after the commit.
     */
    touchedEnvironmentIds?: number[];
  };
  verificationPublished: {
    verificationId: number;
    pactVersionId: number;
    consumerId: number;
    providerId: number;
    providerVersionId: number;
    success: boolean;
    /**
     * The environments this write touched (`touchEnvironments`), as its own snapshot saw them; absent when it
     * invalidated every environment. domain/answer-scope/late-touches.ts reads them again after the commit.
     */
    touchedEnvironmentIds?: number[];
  };
  providerContractPublished: { providerId: number; providerVersionId: number; contractId: number };
  deploymentRecorded: {
    pacticipantId: number;
    versionId: number;
    environmentId: number;
    applicationInstance: string;
    deployedVersionUuid: string;
  };
  undeploymentRecorded: { pacticipantId: number; environmentId: number; deployedVersionUuid: string };
  releaseRecorded: { pacticipantId: number; versionId: number; environmentId: number; releasedVersionUuid?: string };
  /** A released version is no longer supported (record-support-ended). */
  supportEnded: { pacticipantId: number; versionId: number; environmentId: number; releasedVersionUuid: string };
  environmentCreated: { environmentId: number; uuid: string; name: string };
  /** `previousName` differs from `name` on a rename. */
  environmentUpdated: { environmentId: number; uuid: string; name: string; previousName: string };
  environmentDeleted: { uuid: string; name: string };
  pacticipantCreated: { pacticipantId: number; name: string };
  pacticipantUpdated: { pacticipantId: number; name: string };
  /** `forced`: an admin deleted what a rollback needed (?force=true). */
  pacticipantDeleted: { name: string; forced?: boolean };
  labelAdded: { pacticipantId: number; pacticipant: string; label: string };
  labelRemoved: { pacticipantId: number; pacticipant: string; label: string };
  /** A version created or changed through the version resource (publications carry their own version). */
  versionSaved: { pacticipantId: number; pacticipant: string; versionId: number; version: string; created: boolean };
  versionDeleted: { pacticipantId: number; pacticipant: string; version: string; forced?: boolean };
  tagAdded: { pacticipantId: number; pacticipant: string; versionId: number; version: string; tag: string };
  tagRemoved: { pacticipantId: number; pacticipant: string; version: string; tag: string };
  branchVersionAdded: {
    pacticipantId: number;
    pacticipant: string;
    versionId: number;
    version: string;
    branch: string;
  };
  branchDeleted: { pacticipantId: number; pacticipant: string; branch: string };
  /** A version taken off a branch (the version stays). */
  branchVersionRemoved: { pacticipantId: number; pacticipant: string; branch: string; version: string };
  /** A consumer version's pact with a provider (`version`), or every pact of the pair, deleted. */
  pactDeleted: { consumer: string; provider: string; version?: string; forced: boolean };
  /** An integration deleted: its pacts, their verifications, and its own webhooks (their uuids). */
  integrationDeleted: { consumer: string; provider: string; webhooks: string[]; forced: boolean };
  /** A version declared a data migration (issue 21): can-i-rollback reads it. */
  migrationRecorded: {
    pacticipantId: number;
    pacticipant: string;
    versionId: number;
    version: string;
    migration: string;
    reversible: boolean;
  };
  migrationDeleted: { pacticipantId: number; pacticipant: string; version: string; migration: string };
  /** A version declared (or changed) a requirement on another pacticipant (issue 21): evidence for can-i-rollback. */
  requirementRecorded: {
    pacticipantId: number;
    pacticipant: string;
    versionId: number;
    version: string;
    requires: string;
    atLeast: string | null;
    range: string | null;
  };
  requirementDeleted: { pacticipantId: number; pacticipant: string; version: string; requires: string };
  /** A deployed pacticipant's any-subset rollback verdict changed (issue 21; emitted by the rollback-safety evaluation). */
  rollbackSafetyChanged: {
    environmentId: number;
    environment: string;
    pacticipantId: number;
    pacticipant: string;
    previousVerdict: string | null;
    verdict: string;
    reason: string;
  };
  webhookCreated: { uuid: string; description: string | null };
  webhookUpdated: { uuid: string; description: string | null };
  webhookDeleted: { uuid: string };
}

export type EventName = keyof DomainEvents;

/** Every event name (a record, so the compiler says when one is missing here). */
const ALL_EVENTS: Record<EventName, true> = {
  pactsPublished: true,
  verificationPublished: true,
  providerContractPublished: true,
  deploymentRecorded: true,
  undeploymentRecorded: true,
  releaseRecorded: true,
  supportEnded: true,
  environmentCreated: true,
  environmentUpdated: true,
  environmentDeleted: true,
  pacticipantCreated: true,
  pacticipantUpdated: true,
  pacticipantDeleted: true,
  labelAdded: true,
  labelRemoved: true,
  versionSaved: true,
  versionDeleted: true,
  tagAdded: true,
  tagRemoved: true,
  branchVersionAdded: true,
  branchDeleted: true,
  branchVersionRemoved: true,
  pactDeleted: true,
  integrationDeleted: true,
  migrationRecorded: true,
  migrationDeleted: true,
  requirementRecorded: true,
  requirementDeleted: true,
  rollbackSafetyChanged: true,
  webhookCreated: true,
  webhookUpdated: true,
  webhookDeleted: true,
};
export const EVENT_NAMES = Object.keys(ALL_EVENTS) as EventName[];

/** Who caused an event: the request's principal, or `system` outside a request (tests, tools). */
export interface EventActor {
  principal: string;
  principalKind: string;
  requestId?: string;
}

/** An event as stored in the outbox and handed to the background handlers. */
export type StoredEvent<E extends EventName = EventName> = {
  [K in E]: {
    id: number;
    name: K;
    payload: DomainEvents[K];
    actor: EventActor;
    occurredAt: string;
    /** Earlier failed attempts at handling it (0 the first time). */
    attempts: number;
  };
}[E];

/** The events of a batch with one of `names`, typed. */
export function eventsNamed<E extends EventName>(events: readonly StoredEvent[], ...names: E[]): StoredEvent<E>[] {
  return events.filter((e) => (names as EventName[]).includes(e.name)) as StoredEvent<E>[];
}

/**
 * A background consumer of domain events (the outbox). The dispatcher hands it batches of the events
 * it names, oldest first, inside the transaction that marks the batch consumed: what it writes (jobs,
 * webhook triggers, ...) commits exactly once with the batch, and not at all when it throws.
 *
 * - Set-based: one call handles the whole batch with a fixed number of queries where it can, and
 *   coalesces what is the same work (ten deployments to one environment are one piece of work).
 * - Idempotent: a batch that fails is rolled back and its events retried one by one, and an instance
 *   that dies mid-batch leaves the events pending for another; keyed inserts (`enqueue`, triggers'
 *   dedupe keys) make a second pass harmless.
 * - Short: on SQLite the batch holds the write lock. Slow or outside work (a comparison, an HTTP
 *   delivery) is a job it enqueues, run by a queue worker; large reads are its `prepare`.
 * - Bookkeeping only: a batch must not write what a cached answer reads (storage/write-counter.ts lists
 *   the tables that do not count); such a write belongs to the job that computes it.
 */
export interface EventHandler<P = unknown> {
  /** Names the handler in logs. */
  readonly name: string;
  /** The events it consumes. */
  readonly events: readonly EventName[];
  /**
   * The handler's reads, when they are large (planning from an organisation's history): run by the dispatcher before
   * the batch's transaction, as a background named read (in a reader thread when the store has them), on a snapshot
   * that includes the batch's events. `handle` gets its result and only writes, so the batch holds the write lock (and,
   * on SQLite, the event loop) for its writes alone. What it plans must stay right to do when the transaction runs
   * later: keyed, idempotent work (a job queued twice is one job), planned from what the events name.
   */
  readonly prepare?: NamedRead<[StoredEvent[]], P>;
  /**
   * Work that must not wait for the other handlers: when an event fails its batch because of another handler (and
   * waits for its retry, a delay growing to minutes), this handler still handles it at once, in a transaction of its
   * own, and again with the event's retry. So it must be idempotent (running twice does no harm) and need no `prepare`.
   */
  readonly prompt?: boolean;
  handle(events: StoredEvent[], prepared: P): Program<void>;
}
