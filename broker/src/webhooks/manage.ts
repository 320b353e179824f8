import { randomUUID } from 'node:crypto';
import type { BrokerConfig } from '../config.ts';
import type { Hooks } from '../domain/hooks.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { message } from '../messages.ts';
import type { Store } from '../storage/port.ts';
import type { Program } from '../storage/sql.ts';
import type { DeliveryResult } from './deliver.ts';
import { EgressError, EgressPolicy } from './egress.ts';
import { currentContext } from '../context/request-context.ts';
import type { FieldProblem } from '../errors.ts';
import { headerProblem, keepRedactedSecrets, templateOf, type Webhook, type WebhookBody } from './model.ts';
import { deleteOwner, mayReveal, ownersOf, setOwner } from './owners.ts';
import { renderString } from './templates.ts';
import { findPacticipant } from '../repositories/pacticipants.ts';
import {
  deleteWebhook,
  executionsOfTriggers,
  findTrigger,
  findWebhook,
  listWebhooks,
  saveWebhook,
  triggersOfVerification,
  triggersOfWebhook,
  type ExecutionRow,
  type TriggerRow,
  type WebhookFields,
} from './repository.ts';
import { EXAMPLE_CONTEXT, exampleUrl, testExecution } from './test-execution.ts';

/** The webhook API's programs and services: what the HTTP handlers call. */
export type { ExecutionRow } from './repository.ts';

export interface TriggerWithExecutions {
  trigger: TriggerRow;
  executions: ExecutionRow[];
}

/**
 * What a stored webhook touches, for per-pacticipant permissions: its consumer and provider by name or label; one
 * left out means every pacticipant. A webhook that does not exist touches nothing (the handler answers 404).
 */
export function* pacticipantsOfWebhook(
  params: Record<string, string>,
): Program<{ names: string[]; labels: string[]; everyone: boolean }> {
  const w = yield* findWebhook(params.uuid);
  if (!w) return { names: [], labels: [], everyone: false };
  const sides = [w.consumer, w.provider];
  return {
    names: sides.map((s) => s?.name).filter((n): n is string => Boolean(n)),
    labels: sides.map((s) => s?.label).filter((n): n is string => Boolean(n)),
    everyone: sides.some((s) => !s?.name && !s?.label),
  };
}

/** Checks the request template against the egress rules (every variable filled in): a webhook that could never be sent is refused when saved. */
function checkEgress(config: BrokerConfig, w: { request: { url: string; method: string } }): void {
  try {
    new EgressPolicy(config).checkUrl(exampleUrl(w.request.url), w.request.method);
  } catch (e) {
    if (!(e instanceof EgressError)) throw e;
    throw ValidationError.of(/method/.test(e.message) ? 'request.method' : 'request.url', e.message);
  }
}

/**
 * Checks every header as node would send it, both as written and with its template values filled in (a header
 * that could never be sent is refused when saved, instead of failing every delivery): 400 naming the header.
 */
function checkHeaders(w: { request: { headers: Record<string, string> } }): void {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(w.request.headers)) {
    const raw = headerProblem(name, String(value));
    const filled = raw ? undefined : headerProblem(name, renderString(String(value), EXAMPLE_CONTEXT));
    const problem = raw ?? filled;
    if (problem)
      problems.push({
        path: `request.headers.${name}`,
        message: message('webhook.header-invalid', { problem, templated: filled ? 'yes' : undefined }),
      });
  }
  if (problems.length) throw new ValidationError(problems);
}

/** Whether the request's principal sees each webhook's secrets (admins and the creator do; see owners.ts). */
export function* revealing(uuids: readonly string[]): Program<(uuid: string) => boolean> {
  const viewer = currentContext()?.principal;
  const owners = yield* ownersOf(uuids);
  return (uuid) => mayReveal(viewer, owners.get(uuid));
}

function fieldsOf(body: WebhookBody, stored?: Webhook): WebhookFields {
  const request = keepRedactedSecrets(templateOf(body), stored?.request);
  return {
    description: body.description ?? null,
    consumer:
      body.consumer?.name || body.consumer?.label
        ? { ...(body.consumer.name ? { name: body.consumer.name } : { label: body.consumer.label }) }
        : null,
    provider:
      body.provider?.name || body.provider?.label
        ? { ...(body.provider.name ? { name: body.provider.name } : { label: body.provider.label }) }
        : null,
    enabled: body.enabled ?? true,
    events: [...new Set(body.events.map((e) => e.name))],
    request,
  };
}

/**
 * A consumer or provider named in the body must exist (one named by label need not), as in the Pact Broker: 400
 * naming the field. `inPath`: the names came from the URL (`/webhooks/provider/{p}/consumer/{c}`), which then names
 * a resource that does not exist: 404.
 */
function* checkPacticipants(body: WebhookBody, inPath = false): Program<void> {
  const problems: FieldProblem[] = [];
  for (const side of ['consumer', 'provider'] as const) {
    const name = body[side]?.name;
    if (!name || (yield* findPacticipant(name))) continue;
    if (inPath) throw new NotFoundError(message('pacticipant.not-found', { name }));
    problems.push({ path: `${side}.name`, message: message('webhook.pacticipant-unknown', { name }) });
  }
  if (problems.length) throw new ValidationError(problems);
}

/**
 * Creates a webhook (a new UUID unless one is given); an existing UUID is refused. `inPath`: the consumer and
 * provider came from the URL.
 */
export function* createWebhook(
  hooks: Hooks,
  config: BrokerConfig,
  body: WebhookBody,
  inPath = false,
): Program<Webhook> {
  yield* checkPacticipants(body, inPath);
  const fields = fieldsOf(body);
  checkHeaders(fields);
  checkEgress(config, fields);
  const uuid = body.uuid ?? randomUUID();
  if (yield* findWebhook(uuid)) throw ValidationError.of('uuid', message('webhook.exists', { uuid }));
  const { webhook } = yield* saveWebhook(uuid, fields);
  yield* setOwner(uuid, currentContext()?.principal);
  yield* hooks.emit('webhookCreated', { uuid, description: webhook.description });
  return webhook;
}

/** Creates or replaces a webhook; redacted secrets in the body keep the stored values. */
export function* replaceWebhook(
  hooks: Hooks,
  config: BrokerConfig,
  uuid: string,
  body: WebhookBody,
): Program<{ webhook: Webhook; created: boolean }> {
  yield* checkPacticipants(body);
  const stored = yield* findWebhook(uuid);
  const fields = fieldsOf(body, stored);
  checkHeaders(fields);
  checkEgress(config, fields);
  const saved = yield* saveWebhook(uuid, fields);
  if (saved.created) yield* setOwner(uuid, currentContext()?.principal);
  yield* hooks.emit(saved.created ? 'webhookCreated' : 'webhookUpdated', {
    uuid,
    description: saved.webhook.description,
  });
  return saved;
}

export function* webhookOr404(uuid: string): Program<Webhook> {
  const w = yield* findWebhook(uuid);
  if (!w) throw new NotFoundError(message('webhook.not-found', { uuid }));
  return w;
}

export function* webhooks(filter: { consumer?: string; provider?: string }): Program<Webhook[]> {
  return yield* listWebhooks(filter);
}

/** Deletes the webhook, its triggers and their logs; queued deliveries are dropped. */
export function* deleteWebhookOr404(hooks: Hooks, uuid: string): Program<void> {
  if (!(yield* deleteWebhook(uuid))) throw new NotFoundError(message('webhook.not-found', { uuid }));
  yield* deleteOwner(uuid);
  yield* hooks.emit('webhookDeleted', { uuid });
}

function* withExecutions(triggers: TriggerRow[]): Program<TriggerWithExecutions[]> {
  const execs = yield* executionsOfTriggers(triggers.map((t) => t.id));
  return triggers.map((trigger) => ({ trigger, executions: execs.filter((e) => e.trigger_id === trigger.id) }));
}

/** The newest triggers of a webhook (events, tests, readiness requests), each with every attempt. */
export function* webhookExecutions(uuid: string): Program<TriggerWithExecutions[]> {
  yield* webhookOr404(uuid);
  return yield* withExecutions(yield* triggersOfWebhook(uuid));
}

/** What a verification result triggered. */
export function* verificationTriggers(id: string): Program<TriggerWithExecutions[]> {
  const n = Number(id);
  if (!Number.isInteger(n)) throw new NotFoundError(message('verification.id-not-found'));
  return yield* withExecutions(yield* triggersOfVerification(n));
}

/** Every attempt of one triggered webhook. */
export function* triggerExecutions(uuid: string): Program<ExecutionRow[]> {
  const t = yield* findTrigger(uuid);
  if (!t) throw new NotFoundError(message('webhook.trigger-not-found', { uuid }));
  return yield* executionsOfTriggers([t.id]);
}

/** Runs a saved webhook now with the latest matching pact; the run is logged as a "test" trigger. */
export async function runWebhookNow(
  store: Store,
  config: BrokerConfig,
  uuid: string,
  baseUrl: string,
): Promise<{ webhook: Webhook; result: DeliveryResult }> {
  const webhook = await store.read(() => webhookOr404(uuid));
  const result = await testExecution(store, new EgressPolicy(config), config.webhookTimeoutMs, webhook, baseUrl, true);
  return { webhook, result };
}

/** Runs an unsaved webhook definition (the Pact Broker's "test before saving"); nothing is stored. */
export async function runUnsavedWebhook(
  store: Store,
  config: BrokerConfig,
  body: WebhookBody,
  baseUrl: string,
): Promise<DeliveryResult> {
  const now = new Date().toISOString();
  const w: Webhook = { uuid: 'unsaved', ...fieldsOf(body), createdAt: now, updatedAt: now };
  checkHeaders(w);
  checkEgress(config, w);
  return testExecution(store, new EgressPolicy(config), config.webhookTimeoutMs, w, baseUrl, false);
}
