import { gatherRollbackWorld } from '../domain/rollback/gather.ts';
import { namedRead } from '../storage/named-read.ts';
import { canIRollbackSet } from '../gate/rollback/index.ts';
import type { PairReport, RollbackWorld } from '../gate/rollback/types.ts';
import { nowIso } from '../repositories/clock.ts';
import { findEnvironmentById } from '../repositories/environments.ts';
import { findPacticipant, findPacticipantById } from '../repositories/pacticipants.ts';
import { currentPublication } from '../repositories/pacts.ts';
import { verificationsOfPactVersions } from '../repositories/verifications.ts';
import { findVersion } from '../repositories/versions.ts';
import type { Program } from '../storage/sql.ts';
import type { TemplateContext } from './model.ts';
import { findVerificationRequest, recordVerificationRequest, webhooksFor } from './repository.ts';
import { fire, pactContext, versionFacts, type TriggerSettings } from './triggers.ts';

/** A request younger than this is not repeated by a later deployment (its pipeline may still be running). */
const REREQUEST_AFTER_MS = 60 * 60 * 1000;

export interface ReadinessJob {
  deployedVersionUuid: string;
  environmentId: number;
  pacticipantId: number;
}

export interface ReadinessPair {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
}

/**
 * The pairs without evidence that a single-service rollback would create in `world` for the deployed
 * pacticipant and each of its neighbours (the only rollbacks a deployment changes): rolling back
 * the deployed service pairs its prior version with its neighbours' current ones, and rolling back a
 * neighbour pairs the neighbour's prior version with the deployed service's new version.
 */
export function unknownRollbackPairs(world: RollbackWorld, pacticipant: string): ReadinessPair[] {
  const deployed = new Set(world.units.map((u) => u.name));
  if (!deployed.has(pacticipant)) return [];
  const services = new Set([pacticipant]);
  for (const p of world.pacts) {
    if (p.consumer === pacticipant && deployed.has(p.provider)) services.add(p.provider);
    if (p.provider === pacticipant && deployed.has(p.consumer)) services.add(p.consumer);
  }
  const out = new Map<string, ReadinessPair>();
  for (const s of services) {
    const answer = canIRollbackSet(world, { targets: [{ pacticipant: s }] });
    for (const pair of answer.pairs as PairReport[]) {
      if (pair.verdict !== 'unknown' || pair.ignored) continue;
      const p = {
        consumer: pair.consumer.name,
        consumerVersion: pair.consumer.version,
        provider: pair.provider.name,
        providerVersion: pair.provider.version,
      };
      out.set(`${p.consumer}\u0000${p.consumerVersion}\u0000${p.provider}\u0000${p.providerVersion}`, p);
    }
  }
  return [...out.values()];
}

/** Reads what a readiness job needs (one consistent snapshot). */
/**
 * The pairs of a deployment's rollback that have no evidence, as one named read (a reader thread on SQLite: it reads
 * the environment's deployment history). Undefined when the deployment is gone.
 */
export const readinessPairsRead = namedRead(
  import.meta.url,
  'readinessPairsRead',
  function* (job: ReadinessJob) {
    const found = yield* readinessWorld(job);
    return found ? unknownRollbackPairs(found.world, found.pacticipant) : undefined;
  },
  { background: true },
);

export function* readinessWorld(job: ReadinessJob): Program<{ world: RollbackWorld; pacticipant: string } | undefined> {
  const env = yield* findEnvironmentById(job.environmentId);
  const p = yield* findPacticipantById(job.pacticipantId);
  if (!env || !p) return undefined;
  return { world: yield* gatherRollbackWorld({ environment: env.name }), pacticipant: p.name };
}

/**
 * Fires contract_requiring_verification_published for each pair (pact URL of the consumer version, the
 * provider version to build) to the webhooks listening for it, and records each request. Idempotent
 * per deployment (a re-run job fires nothing twice). Returns the number of pairs requested.
 */
export function* requestVerifications(s: TriggerSettings, job: ReadinessJob, pairs: ReadinessPair[]): Program<number> {
  const env = yield* findEnvironmentById(job.environmentId);
  let requested = 0;
  for (const pair of pairs) {
    const hooks = yield* webhooksFor(['contract_requiring_verification_published'], pair.consumer, pair.provider);
    if (!hooks.length) continue;
    const consumer = yield* findPacticipant(pair.consumer);
    const provider = yield* findPacticipant(pair.provider);
    if (!consumer || !provider) continue;
    const cv = yield* findVersion(consumer.id, pair.consumerVersion);
    const pv = yield* findVersion(provider.id, pair.providerVersion);
    if (!cv || !pv) continue;
    const pub = yield* currentPublication(cv.id, provider.id);
    if (!pub) continue;
    // Answered since the world was read, or asked for recently: nothing to do.
    if ((yield* verificationsOfPactVersions([pub.pact_version_id])).some((v) => v.provider_version_id === pv.id))
      continue;
    const earlier = yield* findVerificationRequest(pub.pact_version_id, pv.id);
    if (earlier && Date.parse(nowIso()) - Date.parse(earlier.requested_at) < REREQUEST_AFTER_MS) continue;
    const facts = yield* versionFacts(pv.id, provider.main_branch);
    const ctx: TemplateContext = {
      ...(yield* pactContext(pair.consumer, pair.provider, cv.id, pub.pact_version_id)),
      providerVersionNumber: facts.number,
      providerVersionBranch: facts.branch,
      providerVersionTags: facts.tags,
      providerVersionDescriptions: `rollback readiness: a rollback in ${env?.name ?? 'the environment'} would pair ${pair.consumer} ${pair.consumerVersion} with ${pair.provider} ${pair.providerVersion}`,
    };
    let any = false;
    for (const h of hooks) {
      any =
        (yield* fire(
          s,
          h,
          'contract_requiring_verification_published',
          `ready:${job.deployedVersionUuid}:${pub.pact_version_id}:${pv.id}`,
          ctx,
          {
            type: 'readiness',
            consumer: pair.consumer,
            provider: pair.provider,
            pactVersionId: pub.pact_version_id,
            providerVersionId: pv.id,
          },
        )) || any;
    }
    if (any) {
      yield* recordVerificationRequest(pub.pact_version_id, pv.id, 'deployment');
      requested++;
    }
  }
  return requested;
}
