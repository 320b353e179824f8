import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { message } from '../../messages.ts';
import {
  createWebhook as create,
  deleteWebhookOr404,
  replaceWebhook,
  revealing,
  runUnsavedWebhook,
  runWebhookNow,
  triggerExecutions,
  verificationTriggers,
  webhookExecutions,
  webhookOr404,
  webhooks,
} from '../../webhooks/manage.ts';
import { webhookSchema, type WebhookBody } from '../../webhooks/model.ts';
import { jsonBody } from '../json-body.ts';
import {
  presentResult,
  presentTriggeredWebhooks,
  presentWebhook,
  presentWebhookExecutions,
  presentWebhooks,
  triggerLogText,
  webhookPath,
} from '../presenters/webhook.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

async function readBody(req: Request, scope?: { consumer: string; provider: string }): Promise<WebhookBody> {
  const raw = await jsonBody(req);
  const withScope =
    scope && raw && typeof raw === 'object'
      ? { ...(raw as object), consumer: { name: scope.consumer }, provider: { name: scope.provider } }
      : raw;
  return validate(webhookSchema, withScope);
}

/**
 * `POST /webhooks` (and `/webhooks/provider/{p}/consumer/{c}`, where the CLI posts when given both): 201 with the
 * webhook. A consumer or provider that does not exist: 400 naming the field, or 404 when the URL names it.
 */
export const createWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const inPath = Boolean(params.provider && params.consumer);
  const body = await readBody(req, inPath ? { provider: params.provider, consumer: params.consumer } : undefined);
  const webhook = await deps.store.write(() => create(deps.hooks, deps.config, body, inPath));
  const l = linker(req);
  res.location(l.url(webhookPath(webhook.uuid)));
  const reveal = await deps.store.read(() => revealing([webhook.uuid]));
  sendHal(res, 201, presentWebhook(l, webhook, reveal(webhook.uuid)));
};

/** `PUT /webhooks/{uuid}`: create or replace (what `create-or-update-webhook` sends); 201 when created. */
export const putWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uuid)) throw ValidationError.of('uuid', message('webhook.bad-uuid'));
  const body = await readBody(req);
  if (body.uuid !== undefined && body.uuid !== uuid)
    throw ValidationError.of(
      'uuid',
      message('input.does-not-match-url', { value: body.uuid, what: 'webhook', url: uuid }),
    );
  const { webhook, created } = await deps.store.write(() => replaceWebhook(deps.hooks, deps.config, uuid, body));
  const l = linker(req);
  if (created) res.location(l.url(webhookPath(uuid)));
  const reveal = await deps.store.read(() => revealing([uuid]));
  sendHal(res, created ? 201 : 200, presentWebhook(l, webhook, reveal(uuid)));
};

export const getWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const { w, reveal } = await deps.store.read(function* () {
    const found = yield* webhookOr404((req.params as P).uuid);
    return { w: found, reveal: yield* revealing([found.uuid]) };
  });
  sendHal(res, 200, presentWebhook(linker(req), w, reveal(w.uuid)));
};

export const listWebhooksHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const { rows, reveal } = await deps.store.read(function* () {
    const found = yield* webhooks({ consumer: params.consumer, provider: params.provider });
    return { rows: found, reveal: yield* revealing(found.map((w) => w.uuid)) };
  });
  sendHal(res, 200, presentWebhooks(linker(req), req.originalUrl.split('?')[0], rows, reveal));
};

/** `DELETE /webhooks/{uuid}`: the webhook, its triggers and their logs. Queued deliveries are dropped. */
export const deleteWebhookHandler = (deps: Deps) => async (req: Request, res: Response) => {
  await deps.store.write(() => deleteWebhookOr404(deps.hooks, (req.params as P).uuid));
  res.status(204).end();
};

/** `POST /webhooks/{uuid}/execute`: runs it now with the latest matching pact; 200 with the (redacted) request, response and logs. */
export const executeWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const l = linker(req);
  const { webhook, result } = await runWebhookNow(deps.store, deps.config, (req.params as P).uuid, l.base);
  sendHal(res, 200, presentResult(l, result, webhook));
};

/** `POST /webhooks/execute`: runs an unsaved webhook definition (the Pact Broker's "test before saving"). */
export const executeUnsavedWebhook = (deps: Deps) => async (req: Request, res: Response) => {
  const body = await readBody(req);
  const l = linker(req);
  sendHal(res, 200, presentResult(l, await runUnsavedWebhook(deps.store, deps.config, body, l.base)));
};

/** `GET /webhooks/{uuid}/executions`: the newest triggers (events, tests, readiness requests) with every attempt and its redacted log. */
export const listExecutions = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const triggers = await deps.store.read(() => webhookExecutions(uuid));
  sendHal(res, 200, presentWebhookExecutions(linker(req), uuid, triggers));
};

/** `GET .../verification-results/{id}/triggered-webhooks`: what a verification result triggered. */
export const verificationTriggeredWebhooks = (deps: Deps) => async (req: Request, res: Response) => {
  const triggers = await deps.store.read(() => verificationTriggers((req.params as P).id));
  sendHal(res, 200, presentTriggeredWebhooks(linker(req), req.originalUrl, triggers));
};

/** `GET /triggered-webhooks/{uuid}/logs`: the logs of every attempt, as text (redacted). */
export const triggerLogs = (deps: Deps) => async (req: Request, res: Response) => {
  const executions = await deps.store.read(() => triggerExecutions((req.params as P).uuid));
  res.status(200).type('text/plain; charset=utf-8').send(triggerLogText(executions));
};
