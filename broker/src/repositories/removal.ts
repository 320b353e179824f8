import { all, allIn, IN_CHUNK, inList, run, type Program } from '../storage/sql.ts';

/**
 * Removing history without leaving rows that point at nothing: the foreign keys cascade most of it (a version takes
 * its tags, branch memberships, pacts, verifications and documents with it), and these programs remove what has no
 * foreign key (verification requests, webhook triggers that name a pact, a provider version or a verification) and
 * the pact contents no publication uses any more. Each works on the ids it is given, through indexes.
 */

/**
 * Removes the pact contents among `ids` that no publication uses any more, with their verifications. Returns how many.
 * With `keepSubsumers`, one that proved a published pact subsumed stays (with its verifications), so the evidence of
 * that pact is unchanged (the version clean).
 */
export function* removeUnusedPactVersions(
  ids: readonly number[],
  opts: { keepSubsumers?: boolean } = {},
): Program<number> {
  const subsumers = opts.keepSubsumers
    ? `AND NOT EXISTS (SELECT 1 FROM subsumptions s JOIN pact_publications sp ON sp.pact_version_id = s.pact_version_id
         WHERE s.by_pact_version_id = pv.id AND s.subsumed = 1)`
    : '';
  const unused = (yield* allIn<{ id: number }>(ids, (list, chunk) => [
    `SELECT pv.id FROM pact_versions pv WHERE pv.id IN ${list}
       AND NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id) ${subsumers}`,
    chunk,
  ])).map((r) => r.id);
  if (!unused.length) return 0;
  const verifications = (yield* allIn<{ id: number }>(unused, (list, chunk) => [
    `SELECT id FROM verifications WHERE pact_version_id IN ${list}`,
    chunk,
  ])).map((r) => r.id);
  yield* removeTriggers('verification_id', verifications);
  yield* removeTriggers('pact_version_id', unused);
  yield* runIn(unused, (list, chunk) => [`DELETE FROM verification_requests WHERE pact_version_id IN ${list}`, chunk]);
  // Verifications and subsumption checks cascade.
  yield* runIn(unused, (list, chunk) => [`DELETE FROM pact_versions WHERE id IN ${list}`, chunk]);
  return unused.length;
}

/** A DELETE over a list of any length, one statement per chunk; returns the rows deleted. */
function* runIn(ids: readonly number[], query: (list: string, chunk: number[]) => [string, number[]]): Program<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    n += (yield* run(...query(inList(chunk), chunk))).changes;
  }
  return n;
}

function* removeTriggers(
  column: 'verification_id' | 'pact_version_id' | 'provider_version_id',
  ids: readonly number[],
) {
  // Their delivery attempts cascade.
  yield* runIn(ids, (list, chunk) => [`DELETE FROM webhook_triggers WHERE ${column} IN ${list}`, chunk]);
}

/** The pact contents the publications of these consumer versions use (before removing them). */
export function* pactVersionsOfConsumerVersions(versionIds: readonly number[]): Program<number[]> {
  return (yield* allIn<{ id: number }>(versionIds, (list, chunk) => [
    `SELECT DISTINCT pact_version_id AS id FROM pact_publications WHERE consumer_version_id IN ${list}`,
    chunk,
  ])).map((r) => r.id);
}

/**
 * Removes versions and everything that hangs off them: their pacts (and the contents no one else uses), the
 * verifications they published, their documents, tags, branch memberships, verification requests and webhook
 * triggers; and, only when `withHistory`, their deployment and release records (a forced delete).
 */
export function* removeVersions(
  versionIds: readonly number[],
  opts: { withHistory?: boolean; keepSubsumers?: boolean } = {},
): Program<number> {
  if (!versionIds.length) return 0;
  const pactVersions = yield* pactVersionsOfConsumerVersions(versionIds);
  const verifications = (yield* allIn<{ id: number }>(versionIds, (list, chunk) => [
    `SELECT id FROM verifications WHERE provider_version_id IN ${list}`,
    chunk,
  ])).map((r) => r.id);
  yield* removeTriggers('verification_id', verifications);
  yield* removeTriggers('provider_version_id', versionIds);
  yield* runIn(versionIds, (list, chunk) => [
    `DELETE FROM verification_requests WHERE provider_version_id IN ${list}`,
    chunk,
  ]);
  if (opts.withHistory) {
    yield* runIn(versionIds, (list, chunk) => [`DELETE FROM deployed_versions WHERE version_id IN ${list}`, chunk]);
    yield* runIn(versionIds, (list, chunk) => [`DELETE FROM released_versions WHERE version_id IN ${list}`, chunk]);
  }
  const n = yield* runIn(versionIds, (list, chunk) => [`DELETE FROM versions WHERE id IN ${list}`, chunk]);
  yield* removeUnusedPactVersions(pactVersions, opts);
  return n;
}

/** Removes a pacticipant with all its versions (see removeVersions) and the pacts it is the provider of. */
export function* removePacticipant(pacticipantId: number, opts: { withHistory?: boolean } = {}): Program<void> {
  const versions = (yield* all<{ id: number }>('SELECT id FROM versions WHERE pacticipant_id = ?', [
    pacticipantId,
  ])).map((r) => r.id);
  yield* removeVersions(versions, opts);
  const asProvider = (yield* all<{ id: number }>(
    'SELECT id FROM pact_versions WHERE provider_id = ? OR consumer_id = ?',
    [pacticipantId, pacticipantId],
  )).map((r) => r.id);
  yield* runIn(asProvider, (list, chunk) => [`DELETE FROM pact_publications WHERE pact_version_id IN ${list}`, chunk]);
  yield* removeUnusedPactVersions(asProvider);
  yield* run('DELETE FROM pacticipants WHERE id = ?', [pacticipantId]);
}

/**
 * Removes the publications of a consumer/provider pair (all revisions), of one consumer version or of every version,
 * and the pact contents no one uses any more. Returns how many publications went.
 */
export function* removePublications(
  consumerId: number,
  providerId: number,
  consumerVersionId?: number,
): Program<number> {
  const where =
    consumerVersionId === undefined
      ? ['consumer_id = ? AND provider_id = ?', [consumerId, providerId]]
      : ['consumer_version_id = ? AND provider_id = ?', [consumerVersionId, providerId]];
  const pactVersions = (yield* all<{ id: number }>(
    `SELECT DISTINCT pact_version_id AS id FROM pact_publications WHERE ${where[0]}`,
    where[1] as number[],
  )).map((r) => r.id);
  const { changes } = yield* run(`DELETE FROM pact_publications WHERE ${where[0]}`, where[1] as number[]);
  yield* removeUnusedPactVersions(pactVersions);
  return changes;
}

/** Removes the webhooks bound to exactly this consumer and provider (by name), with their owners. Returns their uuids. */
export function* removeWebhooksOfPair(consumer: string, provider: string): Program<string[]> {
  const uuids = (yield* all<{ uuid: string }>(
    'SELECT uuid FROM webhooks WHERE consumer_name = ? AND provider_name = ? ORDER BY id',
    [consumer, provider],
  )).map((r) => r.uuid);
  for (const uuid of uuids) {
    yield* run('DELETE FROM webhook_owners WHERE webhook_uuid = ?', [uuid]);
    yield* run('DELETE FROM webhooks WHERE uuid = ?', [uuid]);
  }
  return uuids;
}

/** The consumer versions of a pair that have a publication. */
export function* publishedVersionsOfPair(consumerId: number, providerId: number): Program<number[]> {
  return (yield* all<{ id: number }>(
    'SELECT DISTINCT consumer_version_id AS id FROM pact_publications WHERE consumer_id = ? AND provider_id = ?',
    [consumerId, providerId],
  )).map((r) => r.id);
}

/** The pact contents a pair's publications (or one consumer version's) use. */
export function* pactVersionsOfPair(
  consumerId: number,
  providerId: number,
  consumerVersionId?: number,
): Program<number[]> {
  return (yield* all<{ id: number }>(
    consumerVersionId === undefined
      ? 'SELECT DISTINCT pact_version_id AS id FROM pact_publications WHERE consumer_id = ? AND provider_id = ?'
      : 'SELECT DISTINCT pact_version_id AS id FROM pact_publications WHERE consumer_id = ? AND provider_id = ? AND consumer_version_id = ?',
    consumerVersionId === undefined ? [consumerId, providerId] : [consumerId, providerId, consumerVersionId],
  )).map((r) => r.id);
}
