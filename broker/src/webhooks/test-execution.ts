import { randomUUID } from 'node:crypto';
import { routes } from '../links/paths.ts';
import { findPacticipantById } from '../repositories/pacticipants.ts';
import { findPactVersionById } from '../repositories/pacts.ts';
import { verificationsOfPactVersions } from '../repositories/verifications.ts';
import { get, type Program, type SqlParam } from '../storage/sql.ts';
import type { Store } from '../storage/port.ts';
import { deliver, type DeliveryResult } from './deliver.ts';
import type { EgressPolicy } from './egress.ts';
import { TEMPLATE_VARIABLES, type TemplateContext, type Webhook } from './model.ts';
import { addExecution, addTrigger, settleTrigger } from './repository.ts';
import { absoluteContext, renderRequest, renderString, statusWords } from './templates.ts';
import { pactContext, versionFacts } from './triggers.ts';

/**
 * Template values for a test execution: from the latest pact (and its latest verification) that the
 * webhook's consumer and provider filters match, as the Pact Broker does; placeholders when there is none.
 */
export function* sampleContext(w: Pick<Webhook, 'consumer' | 'provider' | 'events'>): Program<TemplateContext> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (w.consumer?.name) {
    where.push('c.name = ?');
    params.push(w.consumer.name);
  }
  if (w.provider?.name) {
    where.push('p.name = ?');
    params.push(w.provider.name);
  }
  const row = yield* get<{ consumer_version_id: number; pact_version_id: number; consumer: string; provider: string }>(
    `SELECT pp.consumer_version_id, pp.pact_version_id, c.name AS consumer, p.name AS provider FROM pact_publications pp
     JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY pp.id DESC LIMIT 1`,
    params,
  );
  const event = w.events[0] ?? 'contract_published';
  if (!row) {
    return {
      consumerName: w.consumer?.name ?? 'consumer',
      providerName: w.provider?.name ?? 'provider',
      consumerVersionNumber: '1.0.0',
      providerVersionNumber: '1.0.0',
      eventName: event,
      ...statusWords(undefined),
    };
  }
  const ctx = yield* pactContext(row.consumer, row.provider, row.consumer_version_id, row.pact_version_id);
  const latest = (yield* verificationsOfPactVersions([row.pact_version_id])).at(-1);
  if (!latest) return { ...ctx, eventName: event };
  const provider = yield* findPacticipantById(latest.provider_id);
  const pact = yield* findPactVersionById(row.pact_version_id);
  const pv = yield* versionFacts(latest.provider_version_id, provider?.main_branch);
  return {
    ...ctx,
    eventName: event,
    providerVersionNumber: pv.number,
    providerVersionBranch: pv.branch,
    providerVersionTags: pv.tags,
    verificationResultUrl: routes.verification(row.provider, row.consumer, pact!.sha, latest.id),
  };
}

/** Every template variable filled in with a plain value, for checking a webhook when it is saved. */
export const EXAMPLE_CONTEXT: TemplateContext = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, 'x']));

/** A URL template with every variable filled in, for checking it against the egress rules when it is saved. */
export function exampleUrl(url: string): string {
  return renderString(url, EXAMPLE_CONTEXT, encodeURIComponent);
}

/**
 * Executes a webhook now (POST /webhooks/{uuid}/execute, /webhooks/execute): same rendering and egress
 * rules as a delivery, no retries. A saved webhook's execution is logged like a trigger of type "test".
 */
export async function testExecution(
  store: Store,
  policy: EgressPolicy,
  timeoutMs: number,
  webhook: Webhook,
  baseUrl: string,
  saved: boolean,
): Promise<DeliveryResult> {
  const ctx = absoluteContext(await store.read(() => sampleContext(webhook)), baseUrl);
  const result = await deliver(renderRequest(webhook.request, ctx), policy, timeoutMs, ctx);
  if (saved) {
    await store.write(function* () {
      const { trigger } = yield* addTrigger({
        dedupeKey: `test:${webhook.uuid}:${randomUUID()}`,
        webhookUuid: webhook.uuid,
        event: (ctx.eventName ?? 'contract_published') as Webhook['events'][number],
        type: 'test',
        context: ctx,
        consumer: ctx.consumerName,
        provider: ctx.providerName,
        maxAttempts: 1,
      });
      yield* addExecution({
        triggerId: trigger.id,
        attempt: 1,
        success: result.success,
        statusCode: result.statusCode,
        error: result.error,
        logs: result.logs,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
      });
      yield* settleTrigger(trigger.id, result.success ? 'success' : 'failure', 1, null);
    });
  }
  return result;
}
