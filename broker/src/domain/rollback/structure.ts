import { requiredPairs, versionsCrossedBy, versionsInPlay } from '../../gate/rollback/index.ts';
import type { DeployedUnit, DeploymentFacts, EvidenceRow, MigrationRow, PactRow } from '../../gate/rollback/index.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import { message } from '../../messages.ts';
import {
  deploymentHistoryOf,
  liveLanesOfEnvironment,
  supportedWithFirstDeployment,
  type LiveLaneRow,
} from '../../repositories/deployments.ts';
import { describeRequirement, semverBoth, satisfies, type Requirement } from '../../gate/rollback/requirements.ts';
import { migrationsOfVersions } from '../../repositories/migrations.ts';
import { mainBranchPositions, requirementsOfVersions } from '../../repositories/requirements.ts';
import { pacticipantNames } from '../../repositories/pacticipants.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import type { Program } from '../../storage/sql.ts';
import type { EvidenceQuery } from '../evidence/resolve.ts';

/**
 * What the analysis of an environment's rollbacks reads but the evidence (domain/rollback/gather.ts): its units, the
 * pacts of the versions in play, the pairs whose evidence is read, its migrations and declared requirements. Kept
 * with the environment's world (world-memo.ts), and brought up to date from what changed since rather than read whole:
 * at 150,000 versions a whole read took 25-70 ms (3,000 publications of 600 versions in play), while a deployment
 * changes one pacticipant's lanes and a pact one version's publications.
 */

/** A pair the analysis reads, with the ids its evidence is read by. */
export type PairQuery = EvidenceQuery & { pair: ReturnType<typeof requiredPairs>[number] };

/** A current publication of a version in play, as the structure keeps it (by consumer version). */
interface KeptPublication {
  consumerId: number;
  providerId: number;
  pactVersionId: number;
  sha: string;
}

/** What a structure was built from, kept with it so that a change reads again only its part. */
interface StructureInputs {
  /** The environment's live lanes (but those of wide targets), by their first deployment. */
  lanes: readonly LiveLaneRow[];
  /** The current publications of each version in play, by provider. */
  publications: ReadonlyMap<number, readonly KeptPublication[]>;
  /** The names of the pacticipants the publications name. */
  names: ReadonlyMap<number, string>;
}

/** What changed since a structure was read: the pacticipants deployed or released there, the versions published. */
export interface StructureDelta {
  deployed: ReadonlySet<number>;
  published: ReadonlySet<number>;
}

/** Everything of an environment's world but the evidence and the API changes of the question's moves. */
export interface WorldStructure {
  facts: DeploymentFacts;
  versionIds: Map<string, number>;
  inPlay: { pacticipant: string; version: string }[];
  pacts: PactRow[];
  pactOf: Map<string, { pactVersionId: number; pactSha: string }>;
  queries: PairQuery[];
  migrations: MigrationRow[];
  declared: EvidenceRow[];
  inputs: StructureInputs;
}

/** A version's key in `versionIds` (and, with a provider after another NUL, in `pactOf`). */
export const vkey = (p: string, v: string) => `${p}\u0000${v}`;

/**
 * The environment's units, the pacts of the versions in play and the pairs whose evidence the analysis reads, with
 * the ids to read that evidence by; its migrations and declared requirements. `wide`: the targets whose whole history
 * in the environment is read (named with a version, or asked more than one step back).
 *
 * `base`: a structure of this environment read before, and what changed since (`StructureDelta`): only the live lanes
 * of the pacticipants deployed since and the pacts of the versions published since (or newly in play) are read again;
 * the rest comes from the base's inputs. What every structure reads is read whatever the base (its releases, its
 * migrations and declared requirements: a few rows). The result is the structure a whole read gives.
 */
export function* readStructure(
  env: { id: number; name: string },
  query: { steps?: number; ignore?: string[]; targets?: RollbackTarget[] },
  wide: ReadonlySet<string>,
  base?: { structure: WorldStructure; delta: StructureDelta },
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
  const lanes = base
    ? yield* lanesUpdated(env.id, base.structure.inputs.lanes, base.delta.deployed)
    : yield* liveLanesOfEnvironment(env.id);
  for (const l of lanes) {
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
  const publications = yield* publicationsUpdated(ids, base?.structure.inputs, base?.delta.published);
  const names = yield* namesUpdated(publications, base?.structure.inputs.names);
  const versionNumberById = new Map([...versionIds.entries()].map(([k, id]) => [id, k.split('\u0000')[1]]));
  const pactOf = new Map<string, { pactVersionId: number; pactSha: string }>();
  const pacts: PactRow[] = [];
  // By consumer version, then provider: the order a whole read gives, whatever was read again.
  for (const versionId of [...publications.keys()].sort((a, b) => a - b))
    for (const p of publications.get(versionId)!) {
      const consumer = names.get(p.consumerId)!;
      const provider = names.get(p.providerId)!;
      const consumerVersion = versionNumberById.get(versionId)!;
      pacts.push({ consumer, consumerVersion, provider });
      pactOf.set(`${vkey(consumer, consumerVersion)}\u0000${provider}`, {
        pactVersionId: p.pactVersionId,
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
    inputs: { lanes, publications, names },
  };
}

/** The base's live lanes with those of the pacticipants deployed since read again, in the order a whole read gives. */
function* lanesUpdated(
  environmentId: number,
  lanes: readonly LiveLaneRow[],
  deployed: ReadonlySet<number>,
): Program<readonly LiveLaneRow[]> {
  if (!deployed.size) return lanes;
  const fresh = yield* liveLanesOfEnvironment(environmentId, [...deployed]);
  return [...lanes.filter((l) => !deployed.has(l.pacticipant_id)), ...fresh].sort(
    (a, b) => a.lane_first - b.lane_first,
  );
}

/**
 * The current publications of each version in play, by provider: the base's, but for the versions published since or
 * not in play before, which are read (a version without pacts has an empty list, so it is not read again).
 */
function* publicationsUpdated(
  versionIds: readonly number[],
  base: StructureInputs | undefined,
  published: ReadonlySet<number> | undefined,
): Program<Map<number, readonly KeptPublication[]>> {
  const out = new Map<number, readonly KeptPublication[]>();
  // The versions to read, each with the list its rows go to (empty when it has none: it is not read again).
  const read = new Map<number, KeptPublication[]>();
  for (const id of versionIds) {
    const kept = published?.has(id) ? undefined : base?.publications.get(id);
    if (kept) out.set(id, kept);
    else {
      const list: KeptPublication[] = [];
      read.set(id, list);
      out.set(id, list);
    }
  }
  for (const p of yield* publicationsOfConsumerVersions([...read.keys()]))
    read.get(p.consumer_version_id)!.push({
      consumerId: p.consumer_id,
      providerId: p.provider_id,
      pactVersionId: p.pact_version_id,
      sha: p.sha,
    });
  for (const list of read.values()) list.sort((a, b) => a.providerId - b.providerId);
  return out;
}

/** The names of every pacticipant the publications name: the base's, and those it did not know, read. */
function* namesUpdated(
  publications: ReadonlyMap<number, readonly KeptPublication[]>,
  base: ReadonlyMap<number, string> | undefined,
): Program<ReadonlyMap<number, string>> {
  const ids = new Set<number>();
  for (const list of publications.values())
    for (const p of list) {
      ids.add(p.consumerId);
      ids.add(p.providerId);
    }
  const missing = [...ids].filter((id) => !base?.has(id));
  if (!missing.length && base) return base;
  const read = missing.length ? yield* pacticipantNames(missing) : new Map<number, string>();
  return new Map([...[...ids].filter((id) => base?.has(id)).map((id) => [id, base!.get(id)!] as const), ...read]);
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
