import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { EgressError, EgressPolicy } from '../../webhooks/egress.ts';
import {
  keepRedactedSecrets,
  redactTemplate,
  templateOf,
  webhookSchema,
  type Webhook,
  type WebhookBody,
} from '../../webhooks/model.ts';
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
} from '../../webhooks/repository.ts';
import { exampleUrl, testExecution } from '../../webhooks/test-execution.ts';
import type { DeliveryResult } from '../../webhooks/deliver.ts';
import type { Deps } from '../deps.ts';
import { linker, path, sendHal, type Linker } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

const webhookPath = (uuid: string) => `/webhooks/${path(uuid)}`;

/** A webhook as the API shows it: the Pact Broker's shape, secrets redacted. */
export function presentWebhook(l: Linker, w: Webhook) {
  const title = w.description ?? `A webhook for ${w.events.map((e) => e).join(', ')}`;
  return {
    uuid: w.uuid,
    description: w.description ?? undefined,
    ...(w.consumer ? { consumer: w.consumer } : {}),
    ...(w.provider ? { provider: w.provider } : {}),
    enabled: w.enabled,
    events: w.events.map((name) => ({ name })),
    request: redactTemplate(w.request),
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    _links: {
      self: l.link(webhookPath(w.uuid), { title }),
      'pb:execute': l.link(`${webhookPath(w.uuid)}/execute`, {
        title:
          'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
      }),
      'pb:executions': l.link(`${webhookPath(w.uuid)}/executions`, {
        title: 'The executions of this webhook, with their logs',
      }),
      ...(w.consumer?.name
        ? {
            'pb:consumer': l.link(`/pacticipants/${path(w.consumer.name)}`, {
              title: 'Consumer',
              name: w.consumer.name,
            }),
          }
        : {}),
      ...(w.provider?.name
        ? {
            'pb:provider': l.link(`/pacticipants/${path(w.provider.name)}`, {
              title: 'Provider',
              name: w.provider.name,
            }),
          }
        : {}),
      'pb:webhooks': l.link('/webhooks', { title: 'All webhooks' }),
    },
  };
}

function presentResult(l: Linker, r: DeliveryResult, w?: Webhook) {
  return {
    success: r.success,
    request: r.request,
    ...(r.response ? { response: r.response } : {}),
    ...(r.error ? { error: { message: r.error } } : {}),
    logs: r.logs,
    _links: w ? { 'pb:webhook': l.link(webhookPath(w.uuid), { title: w.description ?? 'Webhook' }) } : {},
  };
}

function presentTrigger(l: Linker, t: TriggerRow, executions: ExecutionRow[]) {
  return {
    uuid: t.uuid,
    eventName: t.event_name,
    triggerType: t.trigger_type,
    status: t.status,
    attemptsMade: t.attempts_made,
    attemptsRemaining: Math.max(0, t.max_attempts - t.attempts_made),
    triggeredAt: t.created_at,
    lastAttemptedAt: t.last_attempted_at,
    nextAttemptAt: t.next_attempt_at,
    consumerName: t.consumer_name ?? undefined,
    providerName: t.provider_name ?? undefined,
    context: JSON.parse(t.context),
    executions: executions.map((e) => ({
      attempt: e.attempt,
      success: e.success === 1,
      statusCode: e.status_code ?? undefined,
      error: e.error ?? undefined,
      startedAt: e.started_at,
      durationMs: e.duration_ms,
      logs: e.logs,
    })),
    _links: {
      'pb:logs': l.link(`/triggered-webhooks/${path(t.uuid)}/logs`, { title: 'Webhook execution logs' }),
      'pb:webhook': l.link(webhookPath(t.webhook_uuid), { title: 'Webhook' }),
    },
  };
}

/** Checks the request template against the egress rules (with every variable filled in) so a webhook that could never be sent is refused when saved. */
function checkEgress(deps: Deps, w: { request: { url: string; method: string } }): void {
  try {
    new EgressPolicy(deps.config).checkUrl(exampleUrl(w.request.url), w.request.method);
  } catch (e) {
    if (!(e instanceof EgressError)) throw e;
    throw ValidationError.of(/method/.test(e.message) ? 'request.method' : 'request.url', e.message);
  }
}

function fieldsOf(body: WebhookBody, stored?: Webhook) {
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

async function readBody(req: Request, scope?: { consumer: string; provider: string }): Promise<WebhookBody> {
  const raw = await jsonBody(req);
  const withScope =
    scope && raw && typeof raw === 'object'
      ? { ...(raw as object), consumer: { name: scope.consumer }, provider: { name: scope.provider } }
      : raw;
  return validate(webhookSchema, withScope);
}

/** `POST /webhooks` (and `/webhooks/provider/{p}/consumer/{c}`, where the CLI posts when given both): 201 with the webhook. */
export const createWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const body = await readBody(
    req,
    params.provider && params.consumer ? { provider: params.provider, consumer: params.consumer } : undefined,
  );
  const fields = fieldsOf(body);
  checkEgress(deps, fields);
  const uuid = body.uuid ?? randomUUID();
  const { webhook } = await deps.store.write(function* () {
    if (yield* findWebhook(uuid))
      throw ValidationError.of(
        'uuid',
        `a webhook with uuid ${uuid} already exists: PUT /webhooks/${uuid} to update it`,
      );
    return yield* saveWebhook(uuid, fields);
  });
  const l = linker(req);
  res.location(l.url(webhookPath(uuid)));
  sendHal(res, 201, presentWebhook(l, webhook));
};

/** `PUT /webhooks/{uuid}`: create or replace (what `create-or-update-webhook` sends); 201 when created. */
export const putWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uuid))
    throw ValidationError.of('uuid', 'must be letters, digits, dashes and underscores');
  const body = await readBody(req);
  if (body.uuid !== undefined && body.uuid !== uuid)
    throw ValidationError.of('uuid', `"${body.uuid}" does not match the webhook in the URL ("${uuid}")`);
  const { webhook, created } = await deps.store.write(function* () {
    const stored = yield* findWebhook(uuid);
    const fields = fieldsOf(body, stored);
    checkEgress(deps, fields);
    return yield* saveWebhook(uuid, fields);
  });
  const l = linker(req);
  if (created) res.location(l.url(webhookPath(uuid)));
  sendHal(res, created ? 201 : 200, presentWebhook(l, webhook));
};

export const getWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const w = await deps.store.read(() => findWebhook(uuid));
  if (!w) throw new NotFoundError(`No webhook with uuid ${uuid} was found`);
  sendHal(res, 200, presentWebhook(linker(req), w));
};

export const listWebhooksHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const filter = { consumer: params.consumer, provider: params.provider };
  const rows = await deps.store.read(() => listWebhooks(filter));
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: { webhooks: rows.map((w) => presentWebhook(l, w)) },
    _links: {
      self: l.link(req.originalUrl.split('?')[0], { title: 'Webhooks' }),
      'pb:create': l.link(req.originalUrl.split('?')[0], { title: 'POST to create a webhook' }),
      'pb:webhooks': rows.map((w) => ({
        ...l.link(webhookPath(w.uuid)),
        title: w.description ?? undefined,
        name: w.description ?? w.uuid,
      })),
    },
  });
};

/** `DELETE /webhooks/{uuid}`: the webhook, its triggers and their logs. Queued deliveries are dropped. */
export const deleteWebhookHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const deleted = await deps.store.write(() => deleteWebhook(uuid));
  if (!deleted) throw new NotFoundError(`No webhook with uuid ${uuid} was found`);
  res.status(204).end();
};

/** `POST /webhooks/{uuid}/execute`: runs it now with the latest matching pact; 200 with the (redacted) request, response and logs. */
export const executeWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const w = await deps.store.read(() => findWebhook(uuid));
  if (!w) throw new NotFoundError(`No webhook with uuid ${uuid} was found`);
  const l = linker(req);
  const result = await testExecution(
    deps.store,
    new EgressPolicy(deps.config),
    deps.config.webhookTimeoutMs,
    w,
    l.base,
    true,
  );
  sendHal(res, 200, presentResult(l, result, w));
};

/** `POST /webhooks/execute`: runs an unsaved webhook definition (the Pact Broker's "test before saving"). */
export const executeUnsavedWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const body = await readBody(req);
  const now = new Date().toISOString();
  const w: Webhook = { uuid: 'unsaved', ...fieldsOf(body), createdAt: now, updatedAt: now };
  checkEgress(deps, w);
  const l = linker(req);
  const result = await testExecution(
    deps.store,
    new EgressPolicy(deps.config),
    deps.config.webhookTimeoutMs,
    w,
    l.base,
    false,
  );
  sendHal(res, 200, presentResult(l, result));
};

/** `GET /webhooks/{uuid}/executions`: the newest triggers (events, tests, readiness requests) with every attempt and its redacted log. */
export const listExecutions = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const l = linker(req);
  const body = await deps.store.read(function* () {
    const w = yield* findWebhook(uuid);
    if (!w) throw new NotFoundError(`No webhook with uuid ${uuid} was found`);
    const triggers = yield* triggersOfWebhook(uuid);
    const execs = yield* executionsOfTriggers(triggers.map((t) => t.id));
    return triggers.map((t) =>
      presentTrigger(
        l,
        t,
        execs.filter((e) => e.trigger_id === t.id),
      ),
    );
  });
  sendHal(res, 200, {
    _embedded: { triggeredWebhooks: body },
    _links: { self: l.link(`${webhookPath(uuid)}/executions`), 'pb:webhook': l.link(webhookPath(uuid)) },
  });
};

/** `GET .../verification-results/{id}/triggered-webhooks`: what a verification result triggered. */
export const verificationTriggeredWebhooks = (deps: Deps) => async (req: Request, res: Response) => {
  const id = Number((req.params as P).id);
  if (!Number.isInteger(id)) throw new NotFoundError('No verification result with that id was found');
  const l = linker(req);
  const body = await deps.store.read(function* () {
    const triggers = yield* triggersOfVerification(id);
    const execs = yield* executionsOfTriggers(triggers.map((t) => t.id));
    return triggers.map((t) =>
      presentTrigger(
        l,
        t,
        execs.filter((e) => e.trigger_id === t.id),
      ),
    );
  });
  sendHal(res, 200, { _embedded: { triggeredWebhooks: body }, _links: { self: l.link(req.originalUrl) } });
};

/** `GET /triggered-webhooks/{uuid}/logs`: the logs of every attempt, as text (redacted). */
export const triggerLogs = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const logs = await deps.store.read(function* () {
    const t = yield* findTrigger(uuid);
    if (!t) throw new NotFoundError(`No triggered webhook with uuid ${uuid} was found`);
    return (yield* executionsOfTriggers([t.id]))
      .map(
        (e) =>
          `# attempt ${e.attempt}: ${e.success === 1 ? 'success' : `failure${e.error ? ` (${e.error})` : ''}`}\n${e.logs}`,
      )
      .join('\n\n');
  });
  res.status(200).type('text/plain; charset=utf-8').send(logs);
};
