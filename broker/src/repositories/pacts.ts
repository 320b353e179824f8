import { allEach, get, IN_CHUNK, inList, run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { pacticipantNameRows, pacticipantNames } from './pacticipants.ts';
import { integer, nullable, rowType, text } from './decode.ts';

export interface PactVersionRow {
  id: number;
  consumer_id: number;
  provider_id: number;
  sha: string;
  content: string;
  spec_version: string;
  interaction_count: number;
  created_at: string;
}

/** A consumer version's current pact with one provider (its newest revision). */
export interface PublicationRow {
  id: number;
  consumer_version_id: number;
  consumer_id: number;
  provider_id: number;
  pact_version_id: number;
  revision: number;
  created_at: string;
  sha: string;
  consumer_version_number: string;
}

const pactVersionRows = rowType<PactVersionRow>('pact version', {
  id: integer,
  consumer_id: integer,
  provider_id: integer,
  sha: text,
  content: text,
  spec_version: text,
  interaction_count: integer,
  created_at: text,
});

const publicationRows = rowType<PublicationRow>('pact publication', {
  id: integer,
  consumer_version_id: integer,
  consumer_id: integer,
  provider_id: integer,
  pact_version_id: integer,
  revision: integer,
  created_at: text,
  sha: text,
  consumer_version_number: text,
});

const revisionRow = rowType<{ r: number | null }>('latest revision', { r: nullable(integer) });
const versionRefRows = rowType<{ id: number; number: string }>('consumer version', { id: integer, number: text });
const integrationRows = rowType<{
  consumer_id: number;
  provider_id: number;
  created_at: string;
  last_published: string;
}>('integration', { consumer_id: integer, provider_id: integer, created_at: text, last_published: text });

const CURRENT_PUBLICATION = `SELECT pp.*, pv.sha, v.number AS consumer_version_number FROM pact_publications pp
  JOIN pact_versions pv ON pv.id = pp.pact_version_id JOIN versions v ON v.id = pp.consumer_version_id
  WHERE pp.revision = (SELECT MAX(p2.revision) FROM pact_publications p2
                       WHERE p2.consumer_version_id = pp.consumer_version_id AND p2.provider_id = pp.provider_id)`;

export function* ensurePactVersion(
  consumerId: number,
  providerId: number,
  sha: string,
  content: string,
  specVersion: string,
  count: number,
): Program<{ id: number }> {
  yield* run(
    `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, spec_version, interaction_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
    [consumerId, providerId, sha, content, specVersion, count, nowIso()],
  );
  // Its id only: reading the content back would copy a pact of megabytes on the writer.
  return (yield* get<{ id: number }>(
    'SELECT id FROM pact_versions WHERE consumer_id = ? AND provider_id = ? AND sha = ?',
    [consumerId, providerId, sha],
  ))!;
}

export function* findPactVersionBySha(
  consumerId: number,
  providerId: number,
  sha: string,
): Program<PactVersionRow | undefined> {
  return yield* pactVersionRows.get(
    'SELECT * FROM pact_versions WHERE consumer_id = ? AND provider_id = ? AND sha = ?',
    [consumerId, providerId, sha],
  );
}

export function* findPactVersionById(id: number): Program<PactVersionRow | undefined> {
  return yield* pactVersionRows.get('SELECT * FROM pact_versions WHERE id = ?', [id]);
}

export function* currentPublication(
  consumerVersionId: number,
  providerId: number,
): Program<PublicationRow | undefined> {
  return yield* publicationRows.get(`${CURRENT_PUBLICATION} AND pp.consumer_version_id = ? AND pp.provider_id = ?`, [
    consumerVersionId,
    providerId,
  ]);
}

/** Appends a revision; history is kept so a past answer stays explainable. */
export function* addPublication(
  consumerVersionId: number,
  consumerId: number,
  providerId: number,
  pactVersionId: number,
): Program<number> {
  const last = yield* revisionRow.get(
    'SELECT MAX(revision) AS r FROM pact_publications WHERE consumer_version_id = ? AND provider_id = ?',
    [consumerVersionId, providerId],
  );
  const revision = (last?.r ?? 0) + 1;
  yield* run(
    `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, revision, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (consumer_version_id, provider_id, revision) DO NOTHING`,
    [consumerVersionId, consumerId, providerId, pactVersionId, revision, nowIso()],
  );
  return revision;
}

/** Current publications of the given consumer versions (all providers). */
export function* publicationsOfConsumerVersions(versionIds: number[]): Program<PublicationRow[]> {
  const rows = yield* publicationRows.allIn(versionIds, (ids, chunk) => [
    `${CURRENT_PUBLICATION} AND pp.consumer_version_id IN ${ids}`,
    chunk,
  ]);
  return rows.sort((a, b) => a.consumer_version_id - b.consumer_version_id);
}

/**
 * `publicationsOfConsumerVersions` with the names of every consumer and provider they name, in one round trip while
 * the list fits one statement (storage/sql.ts `allEach`). The names come from a second SELECT, not a join: joined,
 * PostgreSQL reads `pacticipants` once per publication.
 */
export function* publicationsWithNames(
  versionIds: number[],
): Program<{ rows: PublicationRow[]; names: Map<number, string> }> {
  const unique = [...new Set(versionIds)];
  if (unique.length > IN_CHUNK) {
    const rows = yield* publicationsOfConsumerVersions(unique);
    return { rows, names: yield* pacticipantNames(rows.flatMap((r) => [r.consumer_id, r.provider_id])) };
  }
  const list = inList(unique);
  const [rows, names] = yield* allEach([
    [`${CURRENT_PUBLICATION} AND pp.consumer_version_id IN ${list}`, unique],
    [
      `SELECT id, name FROM pacticipants WHERE id IN (SELECT pacticipant_id FROM versions WHERE id IN ${list})
         OR id IN (SELECT provider_id FROM pact_publications WHERE consumer_version_id IN ${list})`,
      [...unique, ...unique],
    ],
  ]);
  return {
    rows: publicationRows.decodeAll(rows).sort((a, b) => a.consumer_version_id - b.consumer_version_id),
    names: new Map(pacticipantNameRows.decodeAll(names).map((n) => [n.id, n.name])),
  };
}

/** Current publications for a consumer/provider pair, newest consumer version first. */
export function* publicationsForPair(consumerId: number, providerId: number): Program<PublicationRow[]> {
  return yield* publicationRows.all(
    `${CURRENT_PUBLICATION} AND pp.consumer_id = ? AND pp.provider_id = ? ORDER BY pp.consumer_version_id DESC`,
    [consumerId, providerId],
  );
}

/** Current publications with a provider, newest consumer version first. */
export function* publicationsForProvider(providerId: number): Program<PublicationRow[]> {
  return yield* publicationRows.all(
    `${CURRENT_PUBLICATION} AND pp.provider_id = ? ORDER BY pp.consumer_version_id DESC`,
    [providerId],
  );
}

/** Current publications for the provider of these consumer versions, newest consumer version first. */
export function* publicationsOfVersionsForProvider(
  providerId: number,
  versionIds: number[],
): Program<PublicationRow[]> {
  const rows = yield* publicationRows.allIn(versionIds, (ids, chunk) => [
    `${CURRENT_PUBLICATION} AND pp.provider_id = ? AND pp.consumer_version_id IN ${ids}`,
    [providerId, ...chunk],
  ]);
  return rows.sort((a, b) => b.consumer_version_id - a.consumer_version_id);
}

/** The latest publication per consumer/provider pair: what `/pacts/latest` lists. */
export function* latestPublicationPerPair(): Program<PublicationRow[]> {
  return yield* publicationRows.all(
    `${CURRENT_PUBLICATION} AND pp.consumer_version_id = (SELECT MAX(p3.consumer_version_id) FROM pact_publications p3
       WHERE p3.consumer_id = pp.consumer_id AND p3.provider_id = pp.provider_id) ORDER BY pp.consumer_id, pp.provider_id`,
  );
}

/** Consumer versions (newest first) that published this pact version with this provider. */
export function* consumerVersionsOfPactVersion(pactVersionId: number): Program<{ id: number; number: string }[]> {
  return yield* versionRefRows.all(
    `SELECT DISTINCT v.id, v.number FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
     WHERE pp.pact_version_id = ? ORDER BY v.id DESC`,
    [pactVersionId],
  );
}

export function* integrations(pair?: {
  consumerId: number;
  providerId: number;
}): Program<{ consumer_id: number; provider_id: number; created_at: string; last_published: string }[]> {
  return yield* integrationRows.all(
    `SELECT consumer_id, provider_id, MIN(created_at) AS created_at, MAX(created_at) AS last_published FROM pact_publications
     ${pair ? 'WHERE consumer_id = ? AND provider_id = ?' : ''}
     GROUP BY consumer_id, provider_id ORDER BY consumer_id, provider_id`,
    pair ? [pair.consumerId, pair.providerId] : [],
  );
}

const pairRows = rowType<{ consumer_id: number; provider_id: number }>('integration pair', {
  consumer_id: integer,
  provider_id: integer,
});

/**
 * Every consumer/provider pair with a publication, ordered by consumer then provider, without the dates: an index
 * seek per pacticipant and per pair (a recursive walk of `pact_publications_pair`), not a scan of every
 * publication, so it costs the same at any history size (issue 15: the service graph).
 */
export function* integrationPairs(): Program<{ consumer_id: number; provider_id: number }[]> {
  return yield* pairRows.all(
    `WITH RECURSIVE pairs (consumer_id, provider_id) AS (
       SELECT p.id, (SELECT MIN(pp.provider_id) FROM pact_publications pp WHERE pp.consumer_id = p.id) FROM pacticipants p
       UNION ALL
       SELECT x.consumer_id, (SELECT MIN(pp.provider_id) FROM pact_publications pp
                              WHERE pp.consumer_id = x.consumer_id AND pp.provider_id > x.provider_id)
       FROM pairs x WHERE x.provider_id IS NOT NULL)
     SELECT consumer_id, provider_id FROM pairs WHERE provider_id IS NOT NULL ORDER BY consumer_id, provider_id`,
  );
}
