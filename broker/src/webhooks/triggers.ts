import type { DomainEvents } from '../domain/events.ts';
import { routes } from '../links/paths.ts';
import { enqueue } from '../queue/index.ts';
import { findPacticipantById } from '../repositories/pacticipants.ts';
import { consumerVersionsOfPactVersion, findPactVersionById } from '../repositories/pacts.ts';
import { deploymentHistoryOf, liveVersionsOf } from '../repositories/verification-pacts.ts';
import { findVerification, verificationsOfPactVersions } from '../repositories/verifications.ts';
import { branchesOfVersions, findVersionById, latestVersion, tagsOfVersions } from '../repositories/versions.ts';
import { get, type Program } from '../storage/sql.ts';
import type { EventName, TemplateContext, Webhook } from './model.ts';
import { addTrigger, recordVerificationRequest, webhooksFor, type TriggerType } from './repository.ts';
import { statusWords } from './templates.ts';

/** The delivery job kind: one job per trigger (its key is the trigger's uuid). */
export const DELIVER_JOB = 'webhook.deliver';
/** The rollback-readiness job kind: one job per recorded deployment. */
export const READINESS_JOB = 'webhook.readiness';

export interface TriggerSettings {
  /** Attempts per delivery: the first one plus one per retry delay. */
  maxAttempts: number;
  /** contract_requiring_verification_published also for prior deployed provider versions. */
  priorVersions: boolean;
}

/** Creates the trigger and its delivery job, in the caller's transaction. Returns whether it is new. */
export function* fire(
  s: TriggerSettings,
  webhook: Webhook,
  event: EventName,
  dedupeKey: string,
  context: TemplateContext,
  refs: {
    type?: TriggerType;
    consumer?: string;
    provider?: string;
    pactVersionId?: number;
    providerVersionId?: number;
    verificationId?: number;
  } = {},
): Program<boolean> {
  const { trigger, created } = yield* addTrigger({
    dedupeKey: `${dedupeKey}|${webhook.uuid}|${event}`,
    webhookUuid: webhook.uuid,
    event,
    type: refs.type ?? 'event',
    context: { ...context, eventName: event },
    consumer: refs.consumer,
    provider: refs.provider,
    pactVersionId: refs.pactVersionId,
    providerVersionId: refs.providerVersionId,
    verificationId: refs.verificationId,
    maxAttempts: s.maxAttempts,
  });
  if (created) yield* enqueue(DELIVER_JOB, trigger.uuid, { trigger: trigger.uuid }, { maxAttempts: s.maxAttempts });
  return created;
}

/** Branch, tags and build URL of a version, as template values. */
export function* versionFacts(
  versionId: number,
  mainBranch?: string | null,
): Program<{ number: string; branch: string; tags: string; buildUrl: string }> {
  const v = yield* findVersionById(versionId);
  const branches = (yield* branchesOfVersions([versionId])).map((b) => b.branch);
  const tags = (yield* tagsOfVersions([versionId])).map((t) => t.name);
  const branch = mainBranch && branches.includes(mainBranch) ? mainBranch : (branches[branches.length - 1] ?? '');
  return { number: v?.number ?? '', branch, tags: tags.join(', '), buildUrl: v?.build_url ?? '' };
}

/** The template values of a pact: consumer and provider, the consumer version, the pact URL and the latest verification status. */
export function* pactContext(
  consumerName: string,
  providerName: string,
  consumerVersionId: number,
  pactVersionId: number,
): Program<TemplateContext> {
  const c = yield* get<{ main_branch: string | null }>('SELECT main_branch FROM pacticipants WHERE name = ?', [
    consumerName,
  ]);
  const cv = yield* versionFacts(consumerVersionId, c?.main_branch);
  const latest = (yield* verificationsOfPactVersions([pactVersionId])).at(-1);
  return {
    consumerName,
    providerName,
    consumerVersionNumber: cv.number,
    consumerVersionBranch: cv.branch,
    consumerVersionTags: cv.tags,
    consumerLabels: '',
    providerLabels: '',
    buildUrl: cv.buildUrl,
    pactUrl: routes.pactForVersion(providerName, consumerName, cv.number),
    ...statusWords(latest ? latest.success === 1 : undefined),
  };
}

/**
 * The provider versions that should verify a pact content and have no result for it yet, each with why:
 * the head of the provider's main branch, every currently deployed and released version (as the Pact
 * Broker), and (rollback readiness, `priorVersions`) each instance's prior deployed version.
 */
function* providerVersionsToVerify(
  providerId: number,
  pactVersionId: number,
  priorVersions: boolean,
): Program<{ versionId: number; descriptions: string[] }[]> {
  const out = new Map<number, string[]>();
  const add = (id: number, why: string) => {
    const list = out.get(id) ?? [];
    if (!list.includes(why)) list.push(why);
    out.set(id, list);
  };
  const provider = yield* findPacticipantById(providerId);
  if (provider?.main_branch) {
    const head = yield* latestVersion(providerId, { branch: provider.main_branch });
    if (head) add(head.id, `latest from ${provider.main_branch} branch`);
  }
  const live = yield* liveVersionsOf([providerId]);
  for (const d of live.deployed) add(d.version_id, `deployed in ${d.environment}`);
  for (const r of live.released) add(r.version_id, `released in ${r.environment}`);
  if (priorVersions)
    for (const p of yield* priorDeployedVersions(providerId))
      add(p.versionId, `prior version deployed in ${p.environment} (rollback target)`);
  const verified = new Set((yield* verificationsOfPactVersions([pactVersionId])).map((v) => v.provider_version_id));
  return [...out.entries()]
    .filter(([id]) => !verified.has(id))
    .map(([versionId, descriptions]) => ({ versionId, descriptions }));
}

/**
 * Each currently deployed instance's prior version: the most recent version deployed on that instance
 * (of that environment) other than the current one. After 1, 2, 1, 3 the prior of 3 is 1.
 */
function* priorDeployedVersions(pacticipantId: number): Program<{ versionId: number; environment: string }[]> {
  const byInstance = new Map<string, { env: string; current?: number; newestFirst: number[] }>();
  for (const d of yield* deploymentHistoryOf([pacticipantId])) {
    const key = `${d.environment}\u0000${d.application_instance ?? ''}`;
    const e = byInstance.get(key) ?? { env: d.environment, newestFirst: [] };
    e.newestFirst = [d.version_id, ...e.newestFirst.filter((v) => v !== d.version_id)];
    if (d.undeployed_at === null) e.current = d.version_id;
    byInstance.set(key, e);
  }
  const out: { versionId: number; environment: string }[] = [];
  for (const e of byInstance.values()) {
    if (e.current === undefined) continue;
    const prior = e.newestFirst.find((v) => v !== e.current);
    if (prior !== undefined) out.push({ versionId: prior, environment: e.env });
  }
  return out;
}

/** The previous pact content of this consumer with this provider (on the same branch when there is one), before `consumerVersionId`. */
function* previousContent(
  consumerId: number,
  providerId: number,
  consumerVersionId: number,
  branch?: string,
): Program<number | undefined> {
  const branchJoin = branch
    ? 'JOIN branch_versions bv ON bv.version_id = pp.consumer_version_id JOIN branches b ON b.id = bv.branch_id AND b.name = ?'
    : '';
  const params = branch
    ? [branch, consumerId, providerId, consumerVersionId]
    : [consumerId, providerId, consumerVersionId];
  const row = yield* get<{ pact_version_id: number }>(
    `SELECT pp.pact_version_id FROM pact_publications pp ${branchJoin}
     WHERE pp.consumer_id = ? AND pp.provider_id = ? AND pp.consumer_version_id < ? ORDER BY pp.consumer_version_id DESC, pp.revision DESC LIMIT 1`,
    params,
  );
  return row?.pact_version_id;
}

const PACT_EVENTS: EventName[] = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
];

/** Hook: pacts published. Fires the pact events for every new or changed publication. */
export function* onPactsPublished(
  s: TriggerSettings,
  occurredAt: string,
  e: {
    consumer: string;
    consumerId: number;
    versionId: number;
    branch?: string;
    contracts: { provider: string; providerId: number; sha: string; pactVersionId: number; status: string }[];
  },
): Program<void> {
  for (const c of e.contracts) {
    if (c.status === 'same') continue;
    const hooks = yield* webhooksFor(PACT_EVENTS, e.consumer, c.provider, occurredAt);
    if (!hooks.length) continue;
    const ctx = yield* pactContext(e.consumer, c.provider, e.versionId, c.pactVersionId);
    const key = `pub:${e.versionId}:${c.providerId}:${c.sha}`;
    const refs = { consumer: e.consumer, provider: c.provider, pactVersionId: c.pactVersionId };
    const listening = (ev: EventName) => hooks.filter((h) => h.events.includes(ev));
    for (const h of listening('contract_published')) yield* fire(s, h, 'contract_published', key, ctx, refs);
    const changed = listening('contract_content_changed');
    if (changed.length) {
      const previous = yield* previousContent(e.consumerId, c.providerId, e.versionId, e.branch);
      if (previous !== c.pactVersionId)
        for (const h of changed) yield* fire(s, h, 'contract_content_changed', key, ctx, refs);
    }
    const requiring = listening('contract_requiring_verification_published');
    if (requiring.length) {
      for (const pv of yield* providerVersionsToVerify(c.providerId, c.pactVersionId, s.priorVersions)) {
        const provider = yield* get<{ main_branch: string | null }>(
          'SELECT main_branch FROM pacticipants WHERE id = ?',
          [c.providerId],
        );
        const facts = yield* versionFacts(pv.versionId, provider?.main_branch);
        const pctx: TemplateContext = {
          ...ctx,
          providerVersionNumber: facts.number,
          providerVersionBranch: facts.branch,
          providerVersionTags: facts.tags,
          providerVersionDescriptions: pv.descriptions.join(', '),
        };
        let any = false;
        for (const h of requiring)
          any =
            (yield* fire(s, h, 'contract_requiring_verification_published', `${key}:${pv.versionId}`, pctx, {
              ...refs,
              providerVersionId: pv.versionId,
            })) || any;
        if (any) yield* recordVerificationRequest(c.pactVersionId, pv.versionId, 'publication');
      }
    }
  }
}

const VERIFICATION_EVENTS: EventName[] = [
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
];

/** Hook: a verification result was published. */
export function* onVerificationPublished(
  s: TriggerSettings,
  occurredAt: string,
  e: {
    verificationId: number;
    pactVersionId: number;
    consumerId: number;
    providerId: number;
    providerVersionId: number;
    success: boolean;
  },
): Program<void> {
  const consumer = (yield* findPacticipantById(e.consumerId))!;
  const provider = (yield* findPacticipantById(e.providerId))!;
  const hooks = yield* webhooksFor(VERIFICATION_EVENTS, consumer.name, provider.name, occurredAt);
  if (!hooks.length) return;
  const consumerVersion = (yield* consumerVersionsOfPactVersion(e.pactVersionId))[0];
  const pact = (yield* findPactVersionById(e.pactVersionId))!;
  const verification = yield* findVerification(e.verificationId);
  const pv = yield* versionFacts(e.providerVersionId, provider.main_branch);
  const base = consumerVersion
    ? yield* pactContext(consumer.name, provider.name, consumerVersion.id, e.pactVersionId)
    : { consumerName: consumer.name, providerName: provider.name };
  const ctx: TemplateContext = {
    ...base,
    ...statusWords(e.success),
    providerVersionNumber: pv.number,
    providerVersionBranch: pv.branch,
    providerVersionTags: pv.tags,
    verificationResultUrl: routes.verification(provider.name, consumer.name, pact.sha, e.verificationId),
    buildUrl: verification?.build_url ?? '',
  };
  const events: EventName[] = [
    'provider_verification_published',
    e.success ? 'provider_verification_succeeded' : 'provider_verification_failed',
  ];
  const refs = {
    consumer: consumer.name,
    provider: provider.name,
    pactVersionId: e.pactVersionId,
    providerVersionId: e.providerVersionId,
    verificationId: e.verificationId,
  };
  for (const ev of events)
    for (const h of hooks.filter((x) => x.events.includes(ev)))
      yield* fire(s, h, ev, `ver:${e.verificationId}`, ctx, refs);
}

/**
 * `rollback_safety_changed` (issue 21): each enabled webhook listening for it whose consumer or provider filter admits
 * the pacticipant (a webhook without filters hears every one). Keyed by the event: a retried batch fires nothing twice.
 */
export function* onRollbackSafetyChanged(
  s: TriggerSettings,
  eventId: number,
  occurredAt: string,
  e: DomainEvents['rollbackSafetyChanged'],
): Program<void> {
  const hooks = yield* webhooksFor(['rollback_safety_changed'], e.pacticipant, e.pacticipant, occurredAt);
  for (const webhook of hooks)
    yield* fire(s, webhook, 'rollback_safety_changed', `safety:${eventId}`, {
      pacticipantName: e.pacticipant,
      environmentName: e.environment,
      previousRollbackVerdict: e.previousVerdict ?? '',
      rollbackVerdict: e.verdict,
      rollbackReason: e.reason,
    });
}
