/**
 * Gathers a MatrixWorld from the store (one read program) and answers with the pure gate.
 * Round 1: the specified selectors, their versions' pacts, the consumers of each specified pacticipant.
 * Round 2: the counterparts the gate asks for (from the destination, or every consumer version without one),
 * their pacts, and the verifications of every pact version in play. Then display details of the listed rows.
 */
import { buildMatrix, counterparts } from '../../gate/matrix/index.ts';
import type {
  Destination,
  MatrixQuery,
  MatrixResult,
  MatrixSelector,
  MatrixWorld,
  PairEvidence,
  PairEvidenceQuery,
  ResolvedIgnore,
  ResolvedSelector,
  SpecifiedSide,
  WorldPublication,
  WorldVersion,
} from '../../gate/matrix/types.ts';
import type { EnvironmentRow } from '../../repositories/environments.ts';
import { allVersionsOf, versionsInEnvironment, versionsWithTag } from '../../repositories/matrix.ts';
import { detailsOfRows, type MatrixListing, type VersionDetails } from './listing.ts';
import { isPairQuery, pairListing } from './pair-listing.ts';
import { findPacticipant, type PacticipantRow } from '../../repositories/pacticipants.ts';
import { publicationsForPair, publicationsWithNames, type PublicationRow } from '../../repositories/pacts.ts';
import { pacticipantsAndVersionsInEnvironment, versionKey } from '../../repositories/matrix-rounds.ts';
import { firstRoundOf } from './first-round.ts';
import { verificationsOfPactVersions } from '../../repositories/verifications.ts';
import type { VerificationFailures } from '../../gate/verification/failures.ts';
import { findVersion, latestVersion, versionsOnBranch, type VersionRow } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { openApiChangesAgainstEnvironment, pendingChangesJobs } from './openapi-changes.ts';

/** Loads whatever extra evidence (static OpenAPI verdicts, subsumption) the rows without a verification may use. */
export type EvidenceSource = (
  world: MatrixWorld,
  asked: readonly PairEvidenceQuery[],
) => Program<PairEvidence | undefined>;

/**
 * The matrix's answer as a client is shown it. Between a few pacticipants with every version of each (the history of a
 * pair, `/matrix/provider/P/consumer/C`), counted and paged in SQL (pair-listing.ts); otherwise from the world.
 */
export function* matrixListing(query: MatrixQuery, evidence?: EvidenceSource): Program<MatrixListing> {
  return isPairQuery(query) ? yield* pairListing(query) : yield* worldListing(query, evidence);
}

/** The listing from the whole world of the query (every row built, then paged): what pair-listing.ts must equal. */
export function* worldListing(query: MatrixQuery, evidence?: EvidenceSource): Program<MatrixListing> {
  const { world, result, details } = yield* matrixAnswer(query, evidence);
  return {
    query: world.query,
    summary: result.summary,
    listed: result.listed,
    listable: result.listable,
    rowCount: result.rows.length,
    details,
    ...(world.openApiChanges?.some((c) => c.status === 'pending')
      ? { missingDiffs: yield* pendingChangesJobs(world.openApiChanges) }
      : {}),
  };
}

export interface MatrixAnswer {
  world: MatrixWorld;
  result: MatrixResult;
  /** Branches, tags and environments of every version in the listed rows, by version id. */
  details: Map<number, VersionDetails>;
}

const wv = (pacticipant: string, v: VersionRow): WorldVersion => ({ id: v.id, pacticipant, number: v.number });

/** A selector's versions; one that names its version was read in the first round (`named`). */
function* resolveSelector(
  p: PacticipantRow,
  s: MatrixSelector,
  env: EnvironmentRow | undefined,
  named: VersionRow | undefined,
): Program<VersionRow[]> {
  const one = (v: VersionRow | undefined) => (v ? [v] : []);
  if (s.version !== undefined) return one(named);
  if (env) return yield* versionsInEnvironment(env.id, p.id);
  const branch = s.mainBranch ? (p.main_branch ?? undefined) : s.branch;
  if (s.mainBranch && !branch) return [];
  if (s.tag !== undefined)
    return s.latest ? one(yield* latestVersion(p.id, { tag: s.tag })) : yield* versionsWithTag(p.id, s.tag);
  if (branch !== undefined)
    return s.latest ? one(yield* latestVersion(p.id, { branch })) : yield* versionsOnBranch(p.id, branch);
  if (s.latest) return one(yield* latestVersion(p.id));
  return yield* allVersionsOf(p.id);
}

function* resolveDestination(
  p: PacticipantRow,
  d: Destination,
  env: EnvironmentRow | undefined,
): Program<VersionRow[]> {
  const one = (v: VersionRow | undefined) => (v ? [v] : []);
  switch (d.kind) {
    case 'environment':
      return yield* versionsInEnvironment(env!.id, p.id);
    case 'tag':
      return d.latest ? one(yield* latestVersion(p.id, { tag: d.tag })) : yield* versionsWithTag(p.id, d.tag);
    case 'mainBranch':
      if (!p.main_branch) return [];
      return d.latest
        ? one(yield* latestVersion(p.id, { branch: p.main_branch }))
        : yield* versionsOnBranch(p.id, p.main_branch);
    case 'latest':
      return one(yield* latestVersion(p.id));
    default:
      return [];
  }
}

function toPublications(rows: PublicationRow[], names: Map<number, string>): WorldPublication[] {
  return rows.map((r) => ({
    consumer: names.get(r.consumer_id)!,
    consumerVersionId: r.consumer_version_id,
    consumerVersion: r.consumer_version_number,
    provider: names.get(r.provider_id)!,
    pactVersionId: r.pact_version_id,
    sha: r.sha,
    createdAt: r.created_at,
  }));
}

function* publicationsOf(versionIds: number[]): Program<WorldPublication[]> {
  if (!versionIds.length) return [];
  const { rows, names } = yield* publicationsWithNames(versionIds);
  return toPublications(rows, names);
}

export function* gatherMatrixWorld(query: MatrixQuery): Program<MatrixWorld> {
  const round = yield* firstRoundOf(query);
  const { pacticipants, environments: envs } = round;
  const specified: ResolvedSelector[] = [];
  for (const s of query.selectors) {
    const p = pacticipants.get(s.pacticipant)!;
    const versions = yield* resolveSelector(
      p,
      s,
      s.environment !== undefined ? envs.get(s.environment) : undefined,
      s.version !== undefined ? round.versions.get(versionKey(p.name, s.version)) : undefined,
    );
    specified.push({ selector: s, versions: versions.map((v) => wv(p.name, v)) });
  }
  const specifiedPublications = yield* publicationsOf([
    ...new Set(specified.flatMap((s) => s.versions.map((v) => v.id))),
  ]);
  const consumersOf: Record<string, string[]> = {};
  for (const name of pacticipants.keys())
    consumersOf[name] = (round.consumersOf.get(name) ?? []).filter((n) => n !== name);
  const side: SpecifiedSide = { query, specified, specifiedPublications, consumersOf };
  const need = counterparts(side);

  const rowsOf = new Map<string, PacticipantRow>(pacticipants);
  function* pacticipant(name: string): Program<PacticipantRow | undefined> {
    if (!rowsOf.has(name)) {
      const p = yield* findPacticipant(name);
      if (p) rowsOf.set(name, p);
    }
    return rowsOf.get(name);
  }
  const inferred: Record<string, WorldVersion[]> = {};
  const destEnv = query.destination.kind === 'environment' ? envs.get(query.destination.environment) : undefined;
  // The counterparts' rows and, for an environment, their versions there: one round trip (not three statements per
  // counterpart: each is a round trip to PostgreSQL).
  const missing = [...new Set([...need.infer, ...need.anyConsumers])].filter((n) => !rowsOf.has(n));
  const found = yield* pacticipantsAndVersionsInEnvironment(missing, destEnv?.id, [...need.infer]);
  for (const [n, p] of found.pacticipants) rowsOf.set(n, p);
  if (destEnv)
    for (const name of need.infer) {
      const p = rowsOf.get(name);
      inferred[name] = p ? (found.inEnvironment.get(p.id) ?? []).map((v) => wv(name, v)) : [];
    }
  for (const name of destEnv ? [] : need.infer) {
    const p = yield* pacticipant(name);
    inferred[name] = p ? (yield* resolveDestination(p, query.destination, destEnv)).map((v) => wv(name, v)) : [];
  }
  const anyConsumerVersions: Record<string, WorldVersion[]> = {};
  const anyPublications: WorldPublication[] = [];
  for (const consumer of need.anyConsumers) {
    const c = yield* pacticipant(consumer);
    if (!c) continue;
    for (const [providerName, p] of pacticipants) {
      if (!(consumersOf[providerName] ?? []).includes(consumer)) continue;
      const pubs = toPublications(
        yield* publicationsForPair(c.id, p.id),
        new Map([
          [c.id, c.name],
          [p.id, p.name],
        ]),
      );
      anyPublications.push(...pubs);
      anyConsumerVersions[consumer] = [
        ...(anyConsumerVersions[consumer] ?? []),
        ...pubs.map((x) => ({ id: x.consumerVersionId, pacticipant: consumer, number: x.consumerVersion })),
      ];
    }
  }
  const inferredPublications = yield* publicationsOf([
    ...new Set(Object.values(inferred).flatMap((vs) => vs.map((v) => v.id))),
  ]);
  const publications = [...inferredPublications, ...anyPublications];
  const pactVersionIds = [...new Set([...specifiedPublications, ...publications].map((p) => p.pactVersionId))];
  const verifications = pactVersionIds.length
    ? (yield* verificationsOfPactVersions(pactVersionIds)).map((v) => ({
        id: v.id,
        pactVersionId: v.pact_version_id,
        providerVersionId: v.provider_version_id,
        providerVersion: v.provider_version_number,
        success: Boolean(v.success),
        verifiedAt: v.created_at,
        ...(v.failures ? { failures: JSON.parse(v.failures) as VerificationFailures } : {}),
      }))
    : [];
  const ignore: ResolvedIgnore[] = [];
  for (const i of query.ignore) {
    const p = yield* pacticipant(i.pacticipant);
    const exists = !!p && (i.version === undefined || !!(yield* findVersion(p.id, i.version)));
    ignore.push({ selector: i, exists });
  }
  const openApiChanges =
    query.failOnOpenApiBreaking && destEnv
      ? yield* openApiChangesAgainstEnvironment(specified, pacticipants, destEnv)
      : undefined;
  return {
    ...side,
    ignore,
    inferred,
    anyConsumerVersions,
    publications,
    verifications,
    ...(openApiChanges ? { openApiChanges } : {}),
  };
}

/** The whole answer: world, rows, summary and display details (one read program). */
export function* matrixAnswer(query: MatrixQuery, evidence?: EvidenceSource): Program<MatrixAnswer> {
  const world = yield* gatherMatrixWorld(query);
  // The rows ask for evidence only where there is no verification and the provider versions are named (a first
  // build records which pairs): the source reads the evidence of those pairs alone.
  const asked: PairEvidenceQuery[] = [];
  if (evidence)
    buildMatrix(world, {
      pairEvidence: (pair) => {
        asked.push(pair);
        return undefined;
      },
    });
  const pairEvidence = evidence && asked.length ? yield* evidence(world, asked) : undefined;
  const result = buildMatrix(world, { pairEvidence });
  return { world, result, details: yield* detailsOfRows(result.listed) };
}
