import type { DeliveryResult } from '../../webhooks/deliver.ts';
import type { TriggerWithExecutions } from '../../webhooks/manage.ts';
import { redactTemplate, type Webhook } from '../../webhooks/model.ts';
import type { ExecutionRow } from '../../webhooks/manage.ts';
import type { Linker } from '../../links/linker.ts';
import { path } from '../../links/paths.ts';

export const webhookPath = (uuid: string) => `/webhooks/${path(uuid)}`;

/** A webhook as the API shows it: the Pact Broker's shape, secrets redacted unless `reveal` (admins, its creator). */
export function presentWebhook(l: Linker, w: Webhook, reveal = false) {
  const title = w.description ?? `A webhook for ${w.events.map((e) => e).join(', ')}`;
  return {
    uuid: w.uuid,
    description: w.description ?? undefined,
    ...(w.consumer ? { consumer: w.consumer } : {}),
    ...(w.provider ? { provider: w.provider } : {}),
    enabled: w.enabled,
    events: w.events.map((name) => ({ name })),
    request: redactTemplate(w.request, reveal),
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

export function presentResult(l: Linker, r: DeliveryResult, w?: Webhook) {
  return {
    success: r.success,
    request: r.request,
    ...(r.response ? { response: r.response } : {}),
    ...(r.error ? { error: { message: r.error } } : {}),
    logs: r.logs,
    _links: w ? { 'pb:webhook': l.link(webhookPath(w.uuid), { title: w.description ?? 'Webhook' }) } : {},
  };
}

function presentTrigger(l: Linker, { trigger: t, executions }: TriggerWithExecutions) {
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

/** `GET /webhooks[/provider/{p}/consumer/{c}]`. */
export function presentWebhooks(
  l: Linker,
  self: string,
  rows: Webhook[],
  reveal: (uuid: string) => boolean = () => false,
) {
  return {
    _embedded: { webhooks: rows.map((w) => presentWebhook(l, w, reveal(w.uuid))) },
    _links: {
      self: l.link(self, { title: 'Webhooks' }),
      'pb:create': l.link(self, { title: 'POST to create a webhook' }),
      'pb:webhooks': rows.map((w) => ({
        ...l.link(webhookPath(w.uuid)),
        title: w.description ?? undefined,
        name: w.description ?? w.uuid,
      })),
    },
  };
}

/** `GET /webhooks/{uuid}/executions`. */
export function presentWebhookExecutions(l: Linker, uuid: string, triggers: TriggerWithExecutions[]) {
  return {
    _embedded: { triggeredWebhooks: triggers.map((t) => presentTrigger(l, t)) },
    _links: { self: l.link(`${webhookPath(uuid)}/executions`), 'pb:webhook': l.link(webhookPath(uuid)) },
  };
}

/** `GET .../verification-results/{id}/triggered-webhooks`. */
export function presentTriggeredWebhooks(l: Linker, self: string, triggers: TriggerWithExecutions[]) {
  return {
    _embedded: { triggeredWebhooks: triggers.map((t) => presentTrigger(l, t)) },
    _links: { self: l.link(self) },
  };
}

/** `GET /triggered-webhooks/{uuid}/logs`: the logs of every attempt, as text (redacted when stored). */
export function triggerLogText(executions: ExecutionRow[]): string {
  return executions
    .map(
      (e) =>
        `# attempt ${e.attempt}: ${e.success === 1 ? 'success' : `failure${e.error ? ` (${e.error})` : ''}`}\n${e.logs}`,
    )
    .join('\n\n');
}
