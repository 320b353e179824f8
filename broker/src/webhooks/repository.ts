import { randomUUID } from 'node:crypto';
import { nowIso } from '../repositories/clock.ts';
import { labelsByName } from '../repositories/labels.ts';
import { all, get, inList, run, type Program } from '../storage/sql.ts';
import type { EventName, RequestTemplate, TemplateContext, Webhook } from './model.ts';

/** SQL programs over the tables of migration 0005. */

interface WebhookRow {
  id: number;
  uuid: string;
  description: string | null;
  consumer_name: string | null;
  consumer_label: string | null;
  provider_name: string | null;
  provider_label: string | null;
  enabled: number;
  events: string;
  request: string;
  created_at: string;
  updated_at: string;
}

function toWebhook(r: WebhookRow): Webhook {
  const scope = (name: string | null, label: string | null) => (name ? { name } : label ? { label } : null);
  return {
    uuid: r.uuid,
    description: r.description,
    consumer: scope(r.consumer_name, r.consumer_label),
    provider: scope(r.provider_name, r.provider_label),
    enabled: r.enabled === 1,
    events: JSON.parse(r.events) as EventName[],
    request: JSON.parse(r.request) as RequestTemplate,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type WebhookFields = Omit<Webhook, 'uuid' | 'createdAt' | 'updatedAt'>;

export function* findWebhook(uuid: string): Program<Webhook | undefined> {
  const r = yield* get<WebhookRow>('SELECT * FROM webhooks WHERE uuid = ?', [uuid]);
  return r && toWebhook(r);
}

export function* listWebhooks(filter: { consumer?: string; provider?: string } = {}): Program<Webhook[]> {
  const rows = yield* all<WebhookRow>('SELECT * FROM webhooks ORDER BY id');
  return rows
    .map(toWebhook)
    .filter(
      (w) =>
        (filter.consumer === undefined || w.consumer?.name === filter.consumer) &&
        (filter.provider === undefined || w.provider?.name === filter.provider),
    );
}

/** Creates or replaces the webhook with this uuid; returns whether it was created. */
export function* saveWebhook(uuid: string, f: WebhookFields): Program<{ webhook: Webhook; created: boolean }> {
  const now = nowIso();
  const values = [
    f.description,
    f.consumer?.name ?? null,
    f.consumer?.label ?? null,
    f.provider?.name ?? null,
    f.provider?.label ?? null,
    f.enabled ? 1 : 0,
    JSON.stringify(f.events),
    JSON.stringify(f.request),
  ];
  const existing = yield* findWebhook(uuid);
  if (existing) {
    yield* run(
      `UPDATE webhooks SET description = ?, consumer_name = ?, consumer_label = ?, provider_name = ?, provider_label = ?, enabled = ?, events = ?, request = ?, updated_at = ?
       WHERE uuid = ?`,
      [...values, now, uuid],
    );
  } else {
    yield* run(
      `INSERT INTO webhooks (uuid, description, consumer_name, consumer_label, provider_name, provider_label, enabled, events, request, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [uuid, ...values, now, now],
    );
  }
  return { webhook: (yield* findWebhook(uuid))!, created: !existing };
}

/** Deletes the webhook with its triggers and their logs. */
export function* deleteWebhook(uuid: string): Program<boolean> {
  yield* run(
    'DELETE FROM webhook_executions WHERE trigger_id IN (SELECT id FROM webhook_triggers WHERE webhook_uuid = ?)',
    [uuid],
  );
  yield* run('DELETE FROM webhook_triggers WHERE webhook_uuid = ?', [uuid]);
  return (yield* run('DELETE FROM webhooks WHERE uuid = ?', [uuid])).changes > 0;
}

/**
 * Enabled webhooks listening to any of `events` whose consumer and provider filters (a name or a
 * pacticipant label) accept this pair. Small queries (the table holds definitions, not history), so a
 * write without webhooks pays little. `occurredAt`: only webhooks saved by the time the event happened, as the Pact
 * Broker fires them (the outbox is consumed later, and a webhook saved in between must not hear an earlier event).
 */
export function* webhooksFor(
  events: readonly EventName[],
  consumer: string,
  provider: string,
  occurredAt?: string,
): Program<Webhook[]> {
  const rows = yield* all<WebhookRow>(
    `SELECT * FROM webhooks WHERE enabled = 1 AND (consumer_name IS NULL OR consumer_name = ?) AND (provider_name IS NULL OR provider_name = ?)${occurredAt ? ' AND created_at <= ?' : ''} ORDER BY id`,
    occurredAt ? [consumer, provider, occurredAt] : [consumer, provider],
  );
  const candidates = rows.filter((r) =>
    (JSON.parse(r.events) as string[]).some((e) => events.includes(e as EventName)),
  );
  if (!candidates.some((r) => r.consumer_label || r.provider_label)) return candidates.map(toWebhook);
  const labels = yield* labelsByName([consumer, provider]);
  return candidates
    .filter(
      (r) =>
        (!r.consumer_label || labels.get(consumer)!.includes(r.consumer_label)) &&
        (!r.provider_label || labels.get(provider)!.includes(r.provider_label)),
    )
    .map(toWebhook);
}

/** Whether any enabled webhook listens to `event` (cheap early exit for hooks). */
export function* anyWebhookFor(event: EventName): Program<boolean> {
  const rows = yield* all<{ events: string }>('SELECT events FROM webhooks WHERE enabled = 1');
  return rows.some((r) => (JSON.parse(r.events) as string[]).includes(event));
}

// ---------------------------------------------------------------------------------------------------------------
// Triggers (the Pact Broker's "triggered webhooks") and executions.
// ---------------------------------------------------------------------------------------------------------------

export type TriggerStatus = 'queued' | 'retrying' | 'success' | 'failure' | 'cancelled';
export type TriggerType = 'event' | 'readiness' | 'test';

export interface TriggerRow {
  id: number;
  uuid: string;
  dedupe_key: string;
  webhook_uuid: string;
  event_name: string;
  trigger_type: TriggerType;
  context: string;
  consumer_name: string | null;
  provider_name: string | null;
  pact_version_id: number | null;
  provider_version_id: number | null;
  verification_id: number | null;
  status: TriggerStatus;
  attempts_made: number;
  max_attempts: number;
  next_attempt_at: string | null;
  last_attempted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewTrigger {
  dedupeKey: string;
  webhookUuid: string;
  event: EventName;
  type: TriggerType;
  context: TemplateContext;
  consumer?: string;
  provider?: string;
  pactVersionId?: number;
  providerVersionId?: number;
  verificationId?: number;
  maxAttempts: number;
}

/** Inserts a trigger unless one with the same dedupe key exists; returns it and whether it is new. */
export function* addTrigger(t: NewTrigger): Program<{ trigger: TriggerRow; created: boolean }> {
  const now = nowIso();
  const res = yield* run(
    `INSERT INTO webhook_triggers (uuid, dedupe_key, webhook_uuid, event_name, trigger_type, context, consumer_name, provider_name, pact_version_id,
       provider_version_id, verification_id, status, attempts_made, max_attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      randomUUID(),
      t.dedupeKey,
      t.webhookUuid,
      t.event,
      t.type,
      JSON.stringify(t.context),
      t.consumer ?? null,
      t.provider ?? null,
      t.pactVersionId ?? null,
      t.providerVersionId ?? null,
      t.verificationId ?? null,
      t.maxAttempts,
      now,
      now,
      now,
    ],
  );
  const trigger = (yield* get<TriggerRow>('SELECT * FROM webhook_triggers WHERE dedupe_key = ?', [t.dedupeKey]))!;
  return { trigger, created: res.changes > 0 };
}

export function* findTrigger(uuid: string): Program<TriggerRow | undefined> {
  return yield* get<TriggerRow>('SELECT * FROM webhook_triggers WHERE uuid = ?', [uuid]);
}

export function* triggersOfWebhook(webhookUuid: string, limit = 100): Program<TriggerRow[]> {
  return yield* all<TriggerRow>('SELECT * FROM webhook_triggers WHERE webhook_uuid = ? ORDER BY id DESC LIMIT ?', [
    webhookUuid,
    limit,
  ]);
}

export function* triggersOfVerification(verificationId: number): Program<TriggerRow[]> {
  return yield* all<TriggerRow>('SELECT * FROM webhook_triggers WHERE verification_id = ? ORDER BY id', [
    verificationId,
  ]);
}

export function* settleTrigger(
  id: number,
  status: TriggerStatus,
  attemptsMade: number,
  nextAttemptAt: string | null,
): Program<void> {
  const now = nowIso();
  yield* run(
    'UPDATE webhook_triggers SET status = ?, attempts_made = ?, next_attempt_at = ?, last_attempted_at = ?, updated_at = ? WHERE id = ?',
    [status, attemptsMade, nextAttemptAt, now, now, id],
  );
}

export interface ExecutionRow {
  id: number;
  trigger_id: number;
  attempt: number;
  success: number;
  status_code: number | null;
  error: string | null;
  logs: string;
  started_at: string;
  duration_ms: number;
}

export function* addExecution(e: {
  triggerId: number;
  attempt: number;
  success: boolean;
  statusCode?: number;
  error?: string;
  logs: string;
  startedAt: string;
  durationMs: number;
}): Program<void> {
  yield* run(
    'INSERT INTO webhook_executions (trigger_id, attempt, success, status_code, error, logs, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      e.triggerId,
      e.attempt,
      e.success ? 1 : 0,
      e.statusCode ?? null,
      e.error ?? null,
      e.logs,
      e.startedAt,
      e.durationMs,
    ],
  );
}

export function* executionsOfTriggers(triggerIds: number[]): Program<ExecutionRow[]> {
  return yield* all<ExecutionRow>(
    `SELECT * FROM webhook_executions WHERE trigger_id IN ${inList(triggerIds)} ORDER BY id`,
    triggerIds,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Verification requests (can-i-rollback's verificationRequestedAt).
// ---------------------------------------------------------------------------------------------------------------

export function* recordVerificationRequest(
  pactVersionId: number,
  providerVersionId: number,
  reason: string,
): Program<void> {
  const now = nowIso();
  yield* run(
    `INSERT INTO verification_requests (pact_version_id, provider_version_id, reason, first_requested_at, requested_at, request_count) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT (pact_version_id, provider_version_id) DO UPDATE SET requested_at = excluded.requested_at, reason = excluded.reason,
       request_count = verification_requests.request_count + 1`,
    [pactVersionId, providerVersionId, reason, now, now],
  );
}

export function* findVerificationRequest(
  pactVersionId: number,
  providerVersionId: number,
): Program<{ requested_at: string } | undefined> {
  return yield* get(
    'SELECT requested_at FROM verification_requests WHERE pact_version_id = ? AND provider_version_id = ?',
    [pactVersionId, providerVersionId],
  );
}

/**
 * When verifications were last requested for (consumer version, provider version) pairs, by names and
 * numbers: through the consumer version's publications of the requested pact content.
 */
export function* verificationRequestsFor(
  providers: string[],
  providerVersions: string[],
): Program<
  { consumer: string; consumer_version: string; provider: string; provider_version: string; requested_at: string }[]
> {
  if (!providers.length || !providerVersions.length) return [];
  return yield* all(
    `SELECT c.name AS consumer, cv.number AS consumer_version, p.name AS provider, pv.number AS provider_version, vr.requested_at
     FROM verification_requests vr
     JOIN versions pv ON pv.id = vr.provider_version_id JOIN pacticipants p ON p.id = pv.pacticipant_id
     JOIN pact_publications pp ON pp.pact_version_id = vr.pact_version_id
     JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id
     WHERE p.name IN ${inList(providers)} AND pv.number IN ${inList(providerVersions)}`,
    [...providers, ...providerVersions],
  );
}

/** When rollgate last asked for each (consumer version, provider version) pair's verification, by names and numbers. */
export type VerificationRequestTimes = ReadonlyMap<string, string>;

const pairKey = (c: string, cv: string, p: string, pv: string) => `${c}\u0000${cv}\u0000${p}\u0000${pv}`;

/**
 * The request times of the unknown pairs of a can-i-rollback answer (its `pairs` and `warnings`): one read,
 * whatever their number. Empty when no pair is unknown or none was asked for.
 */
export function* verificationRequestTimes(answer: {
  pairs?: PairLike[];
  warnings?: (PairLike | NotAPair)[];
}): Program<VerificationRequestTimes> {
  const at = new Map<string, string>();
  const unknown = [...(answer.pairs ?? []), ...(answer.warnings ?? [])].filter(
    (p): p is PairLike => p.verdict === 'unknown',
  );
  if (!unknown.length) return at;
  const rows = yield* verificationRequestsFor(
    [...new Set(unknown.map((p) => p.provider.name))],
    [...new Set(unknown.map((p) => p.provider.version))],
  );
  for (const r of rows) {
    const k = pairKey(r.consumer, r.consumer_version, r.provider, r.provider_version);
    if (!at.has(k) || at.get(k)! < r.requested_at) at.set(k, r.requested_at);
  }
  return at;
}

/**
 * Adds `verificationRequestedAt` to every unknown pair of a can-i-rollback answer (its `pairs` and `warnings`) for
 * which rollgate asked a provider pipeline for the verification (`verificationRequestTimes`). Nothing else changes,
 * and the answer given is left as it is (it may be shared: the can-i-rollback answer cache).
 */
export function withVerificationRequestTimes<A extends { pairs?: PairLike[]; warnings?: (PairLike | NotAPair)[] }>(
  answer: A,
  at: VerificationRequestTimes,
): A {
  if (!at.size) return answer;
  const withTime = <P extends PairLike | NotAPair>(p: P): P => {
    const t =
      p.verdict === 'unknown' && 'consumer' in p
        ? at.get(pairKey(p.consumer.name, p.consumer.version, p.provider.name, p.provider.version))
        : undefined;
    return t ? { ...p, verificationRequestedAt: t } : p;
  };
  return {
    ...answer,
    ...(answer.pairs ? { pairs: answer.pairs.map(withTime) } : {}),
    ...(answer.warnings ? { warnings: answer.warnings.map(withTime) } : {}),
  };
}

/** A warning about no pair (`api-removed-on-rollback`): passed through. */
interface NotAPair {
  id: string;
  verdict?: undefined;
}

interface PairLike {
  consumer: { name: string; version: string };
  provider: { name: string; version: string };
  verdict: string;
  verificationRequestedAt?: string;
}
