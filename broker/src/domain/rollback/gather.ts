import { requiredPairs, rollbackMoves, versionsCrossedBy, versionsInPlay } from '../../gate/rollback/index.ts';
import type {
  DeployedUnit,
  DeploymentFacts,
  EvidenceRow,
  MigrationRow,
  PactRow,
  RollbackWorld,
} from '../../gate/rollback/index.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  deploymentHistoryOf,
  liveLanesOfEnvironment,
  supportedWithFirstDeployment,
} from '../../repositories/deployments.ts';
import { describeRequirement, semverBoth, satisfies, type Requirement } from '../../gate/rollback/requirements.ts';
import { migrationsOfVersions } from '../../repositories/migrations.ts';
import { mainBranchPositions, requirementsOfVersions } from '../../repositories/requirements.ts';
import { findPacticipant, pacticipantNames } from '../../repositories/pacticipants.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { whenIdle, type Program } from '../../storage/sql.ts';
import { findEnvironmentById } from '../../repositories/environments.ts';
import { routes } from '../../links/paths.ts';
import { environmentByNameOr400 } from '../lookup.ts';
import { evidenceKey, resolveEvidence, type EvidenceQuery, type PairEvidence } from '../evidence/resolve.ts';
import { KEPT_WORLDS, keptWorld, refreshKeptWorld } from './world-memo.ts';
import { gatherApiChanges, targetedMoves } from './api-changes.ts';

export interface RollbackQuery {
  environment: string;
  targets?: RollbackTarget[];
  steps?: number;
  ignore?: string[];
  /**
   * Without targets: also read each provider's own rollback's stored diff (the any-subset answer's `apiWarnings`).
   * The background readers of the any-subset verdict (safety, readiness) do not show them, so do not read them.
   */
  apiWarnings?: boolean;
}

/**
 * Gathers what the pure analysis needs, in one consistent read: each live instance's current and prior
 * version (the whole history only of a target asked back further or to a named version), its supported releases, the pacts of the versions in play, and the
 * evidence for exactly the pairs the analysis may read.
 *
 * Every other question of an environment (the any-subset question, targets without a version, one step back) reads
 * the same world: the store keeps it (world-memo.ts) and brings it up to date from what changed since, reading again
 * only the pairs whose evidence a write may have changed, and the rest only after a deployment or a pact there.
 */
export function* gatherRollbackWorld(q: RollbackQuery): Program<RollbackWorld> {
  const env = yield* environmentByNameOr400(q.environment);
  for (const t of q.targets ?? []) {
    if (!(yield* findPacticipant(t.pacticipant)))
      throw ValidationError.of('pacticipant', message('pacticipant.not-found', { name: t.pacticipant }));
  }
  const steps = q.steps ?? 1;
  const wide = new Set((q.targets ?? []).filter((t) => t.version !== undefined || steps > 1).map((t) => t.pacticipant));
  const query = { steps: q.steps, ignore: q.ignore, targets: q.targets };
  // Without a wide target, what is in play does not depend on the question (every unit's target is its prior version).
  const { structure, evidence: found } = wide.size
    ? yield* freshWorld(yield* readStructure(env, query, wide))
    : yield* keptWorld(env.id, () => readStructure(env, {}, wide));
  if (!wide.size) yield* whenIdle(`${KEPT_WORLDS}:${env.id}`, () => refreshWorld(env.id));
  const { facts, versionIds, inPlay, pacts, pactOf, queries } = structure;
  // One literal per row, not spreads: rows that share one shape are several times cheaper for the
  // analysis to read (a spread gives each its own hidden class in V8), and 100,000 rows are common.
  const evidence: EvidenceRow[] = queries.map(({ pair, pactSha }, i) => {
    const e = found[i]!;
    return {
      consumer: pair.consumer,
      consumerVersion: pair.consumerVersion,
      provider: pair.provider,
      providerVersion: pair.providerVersion,
      verdict: e.verdict,
      evidence: e.evidence,
      reasons:
        e.verdict === 'incompatible' ? withResultPath(e.reasons, pair.provider, pair.consumer, pactSha) : e.reasons,
    };
  });
  return {
    ...facts,
    pacts,
    evidence,
    migrations: structure.migrations,
    declared: structure.declared,
    // The targeted answer warns about its targets' moves; the any-subset answer about every provider's own rollback.
    ...(yield* gatherApiChanges(
      facts,
      q.targets?.length
        ? targetedMoves(
            facts,
            q.targets.map((t) => t.pacticipant),
            inPlay,
          )
        : q.apiWarnings
          ? rollbackMoves(facts, query)
          : [],
      versionIds,
      pacts,
      (consumer, consumerVersion, provider) =>
        pactOf.get(`${vkey(consumer, consumerVersion)}\u0000${provider}`)?.pactVersionId,
    )),
  };
}

/** A pair the analysis reads, with the ids its evidence is read by. */
type PairQuery = EvidenceQuery & { pair: ReturnType<typeof requiredPairs>[number] };

/** Everything of an environment's world but the evidence and the API changes of the question's moves. */
interface WorldStructure {
  facts: DeploymentFacts;
  versionIds: Map<string, number>;
  inPlay: { pacticipant: string; version: string }[];
  pacts: PactRow[];
  pactOf: Map<string, { pactVersionId: number; pactSha: string }>;
  queries: PairQuery[];
  migrations: MigrationRow[];
  declared: EvidenceRow[];
}

/** A reader thread's idle program: its kept world of the environment brought up to date (world-memo.ts). */
function* refreshWorld(environmentId: number): Program<boolean> {
  const env = yield* findEnvironmentById(environmentId);
  return env !== undefined && (yield* refreshKeptWorld(env.id, () => readStructure(env, {}, new Set())));
}

function* freshWorld(structure: WorldStructure): Program<{ structure: WorldStructure; evidence: PairEvidence[] }> {
  const resolved = yield* resolveEvidence(structure.queries);
  return {
    structure,
    evidence: structure.queries.map((q) => resolved.get(evidenceKey(q.pactVersionId, q.providerVersionId))!),
  };
}

const vkey = (p: string, v: string) => `${p}\u0000${v}`;

/**
 * The environment's units, the pacts of the versions in play and the pairs whose evidence the analysis reads, with
 * the ids to read that evidence by; its migrations and declared requirements. `wide`: the targets whose whole history
 * in the environment is read (named with a version, or asked more than one step back).
 */
function* readStructure(
  env: { id: number; name: string },
  query: { steps?: number; ignore?: string[]; targets?: RollbackTarget[] },
  wide: ReadonlySet<string>,
): Program<WorldStructure> {
  const versionIds = new Map<string, number>();
  // Each unit in the order the environment's history first names it (then units only released there), each live
  // instance in the order its lane first appears: the order the whole history used to be read in.
  interface Lane {
    first: number;
    instance: string;
    current: string;
    history: string[];
  }
  const units = new Map<string, { name: string; first: number | null; lanes: Lane[]; released: string[] }>();
  const unit = (name: string, first: number | null) => {
    let u = units.get(name);
    if (!u) {
      u = { name, first, lanes: [], released: [] };
      units.set(name, u);
    }
    return u;
  };
  // Most questions need each instance's current and prior version only (a companion rolls back one step): those are
  // read per lane, bounded by what the answer uses. A target named with a version, or asked `steps` > 1 back, is
  // resolved from its own history in this environment (its instances' distinct versions up to the target).
  const widePacticipants = new Map<number, string>();
  for (const l of yield* liveLanesOfEnvironment(env.id)) {
    const u = unit(l.pacticipant_name, l.unit_first);
    if (wide.has(l.pacticipant_name)) {
      widePacticipants.set(l.pacticipant_id, l.pacticipant_name);
      continue;
    }
    versionIds.set(vkey(l.pacticipant_name, l.version_number), l.version_id);
    // The distinct history (newest deployment first) is all the analysis reads of the raw one: current, then prior.
    const history = [l.version_number];
    if (l.prior_version_id !== null && l.prior_version_number !== null) {
      versionIds.set(vkey(l.pacticipant_name, l.prior_version_number), l.prior_version_id);
      history.push(l.prior_version_number);
    }
    u.lanes.push({ first: l.lane_first, instance: l.application_instance, current: l.version_number, history });
  }
  if (widePacticipants.size) {
    // Oldest first; collect each live instance's history newest first.
    const byLane = new Map<string, Lane & { name: string; live: boolean }>();
    for (const d of yield* deploymentHistoryOf(env.id, [...widePacticipants.keys()])) {
      versionIds.set(vkey(d.pacticipant_name, d.version_number), d.version_id);
      const key = `${d.pacticipant_name}\u0000${d.application_instance}`;
      let lane = byLane.get(key);
      if (!lane) {
        lane = {
          name: d.pacticipant_name,
          first: d.id,
          instance: d.application_instance,
          current: '',
          history: [],
          live: false,
        };
        byLane.set(key, lane);
      }
      lane.history.unshift(d.version_number);
      if (d.undeployed_at === null) {
        lane.current = d.version_number;
        lane.live = true;
      }
    }
    for (const lane of byLane.values()) if (lane.live) units.get(lane.name)!.lanes.push(lane);
  }
  for (const r of yield* supportedWithFirstDeployment(env.id)) {
    versionIds.set(vkey(r.pacticipant_name, r.version_number), r.version_id);
    unit(r.pacticipant_name, r.unit_first).released.push(r.version_number);
  }
  const ordered = [...units.values()];
  const seq = new Map(ordered.map((u, i) => [u, i]));
  ordered.sort((a, b) =>
    a.first !== null && b.first !== null
      ? a.first - b.first
      : a.first !== null
        ? -1
        : b.first !== null
          ? 1
          : seq.get(a)! - seq.get(b)!,
  );
  const deployed: DeployedUnit[] = [];
  for (const u of ordered) {
    const instances = u.lanes
      .sort((a, b) => a.first - b.first)
      .map((l) => ({
        applicationInstance: l.instance === '' ? null : l.instance,
        current: l.current,
        history: l.history,
      }));
    if (instances.length || u.released.length) deployed.push({ name: u.name, instances, released: u.released });
  }
  const facts = { environment: env.name, units: deployed };

  const inPlay = versionsInPlay(facts, query);
  const ids = [
    ...new Set(
      inPlay.map((x) => versionIds.get(vkey(x.pacticipant, x.version))).filter((x): x is number => x !== undefined),
    ),
  ];
  const publications = yield* publicationsOfConsumerVersions(ids);
  const names = yield* pacticipantNames([...new Set(publications.flatMap((p) => [p.consumer_id, p.provider_id]))]);
  const versionNumberById = new Map([...versionIds.entries()].map(([k, id]) => [id, k.split('\u0000')[1]]));
  const pactOf = new Map<string, { pactVersionId: number; pactSha: string }>();
  const pacts: PactRow[] = [];
  for (const p of publications) {
    const consumer = names.get(p.consumer_id)!;
    const provider = names.get(p.provider_id)!;
    const consumerVersion = versionNumberById.get(p.consumer_version_id)!;
    pacts.push({ consumer, consumerVersion, provider });
    pactOf.set(`${vkey(consumer, consumerVersion)}\u0000${provider}`, {
      pactVersionId: p.pact_version_id,
      pactSha: p.sha,
    });
  }

  const pairs = requiredPairs({ ...facts, pacts }, query);
  const queries: PairQuery[] = [];
  for (const pair of pairs) {
    const pact = pactOf.get(`${vkey(pair.consumer, pair.consumerVersion)}\u0000${pair.provider}`);
    const providerVersionId = versionIds.get(vkey(pair.provider, pair.providerVersion));
    // One literal, not a spread: the store keeps these (world-memo.ts), and a spread's object is about twice the size.
    if (pact && providerVersionId !== undefined)
      queries.push({ pactVersionId: pact.pactVersionId, pactSha: pact.pactSha, providerVersionId, pair });
  }
  return {
    facts,
    versionIds,
    inPlay,
    pacts,
    pactOf,
    queries,
    migrations: yield* migrationsCrossed(facts, query, versionIds),
    declared: yield* declaredRequirements(inPlay, versionIds),
  };
}

/**
 * The requirements the versions in play declare, evaluated against the required pacticipant's versions in play (issue
 * 21): one `declared` evidence row per pair. Main-branch positions are read only for the versions compared, and only
 * when a requirement is not decided by semver.
 */
function* declaredRequirements(
  inPlay: ReadonlyArray<{ pacticipant: string; version: string }>,
  versionIds: ReadonlyMap<string, number>,
): Program<EvidenceRow[]> {
  const refOf = new Map<number, { pacticipant: string; version: string }>();
  const versionsOf = new Map<string, string[]>();
  for (const x of inPlay) {
    const id = versionIds.get(`${x.pacticipant}\u0000${x.version}`);
    if (id !== undefined) refOf.set(id, x);
    const list = versionsOf.get(x.pacticipant) ?? [];
    list.push(x.version);
    versionsOf.set(x.pacticipant, list);
  }
  if (refOf.size === 0) return [];
  const out: EvidenceRow[] = [];
  for (const r of yield* requirementsOfVersions([...refOf.keys()])) {
    const others = versionsOf.get(r.required_name);
    if (!others) continue; // the required pacticipant is not in this environment: nothing to pair with
    const from = refOf.get(r.version_id)!;
    const requirement: Requirement = r.semver_range !== null ? { range: r.semver_range } : { atLeast: r.at_least! };
    const needsOrder =
      requirement.atLeast !== undefined && others.some((w) => !semverBoth(w, requirement.atLeast as string));
    const positions = needsOrder
      ? yield* mainBranchPositions(r.required_id, [requirement.atLeast as string, ...others])
      : new Map<string, number>();
    for (const w of others) {
      const verdict = satisfies(requirement, w, (v) => positions.get(v));
      const args = {
        consumer: from.pacticipant,
        consumerVersion: from.version,
        provider: r.required_name,
        providerVersion: w,
        requirement: describeRequirement(requirement),
      };
      const said =
        verdict === 'compatible'
          ? 'requirement.satisfied'
          : verdict === 'incompatible'
            ? 'requirement.unsatisfied'
            : 'requirement.undecided';
      out.push({
        consumer: from.pacticipant,
        consumerVersion: from.version,
        provider: r.required_name,
        providerVersion: w,
        verdict,
        evidence: 'declared',
        reasons: [{ id: 'declared-requirement', requirement: args.requirement, message: message(said, args) }],
      });
    }
  }
  return out;
}

/** The migrations of the versions the rollbacks in question cross (issue 21): usually none, so usually no rows. */
function* migrationsCrossed(
  facts: Parameters<typeof versionsCrossedBy>[0],
  query: Parameters<typeof versionsCrossedBy>[1],
  versionIds: ReadonlyMap<string, number>,
): Program<MigrationRow[]> {
  const byId = new Map<number, { pacticipant: string; version: string }>();
  for (const x of versionsCrossedBy(facts, query)) {
    const id = versionIds.get(`${x.pacticipant}\u0000${x.version}`);
    if (id !== undefined) byId.set(id, x);
  }
  if (byId.size === 0) return [];
  return (yield* migrationsOfVersions([...byId.keys()])).map((r) => {
    const v = byId.get(r.version_id)!;
    return {
      pacticipant: v.pacticipant,
      version: v.version,
      id: r.migration_id,
      reversible: r.reversible === 1,
      down: r.down,
    };
  });
}

/**
 * A failed verification's reason names the result it comes from (`verificationResult`, a path: the HTTP layer makes
 * it a URL), so whoever reads what failed can open the whole result.
 */
function withResultPath(
  reasons: EvidenceRow['reasons'],
  provider: string,
  consumer: string,
  sha: string,
): EvidenceRow['reasons'] {
  return reasons.map((r) =>
    r.id === 'verification-failed' && typeof r.verificationId === 'number'
      ? { ...r, verificationResult: routes.verification(provider, consumer, sha, r.verificationId) }
      : r,
  );
}
