/**
 * The matrix read's round trips: what several repository reads return, fetched together (storage/sql.ts `allEach`:
 * one statement on PostgreSQL, where every statement is a round trip; one after the other on SQLite). Keyed by
 * names, so a read need not learn ids first and ask again.
 */
import { all, allEach, IN_CHUNK, inList, type Program, type SqlParam, type SqlText } from '../storage/sql.ts';
import { integer, rowType, text } from './decode.ts';
import { environmentRows, type EnvironmentRow } from './environments.ts';
import {
  byPacticipantNewestFirst,
  versionInEnvironmentRows,
  versionsInEnvironmentQuery,
  type VersionInEnvironment,
} from './matrix.ts';
import { pacticipantRows, type PacticipantRow } from './pacticipants.ts';
import { versionRows, type VersionRow } from './versions.ts';

export interface FirstRound {
  pacticipants: Map<string, PacticipantRow>;
  environments: Map<string, EnvironmentRow>;
  /** The versions asked for by number, by `pacticipant name \0 number`. */
  versions: Map<string, VersionRow>;
  /** The names of the consumers that ever published a pact with each provider asked for, by consumer id. */
  consumersOf: Map<string, string[]>;
}

export const versionKey = (pacticipant: string, number: string) => `${pacticipant}\0${number}`;

const namedVersionRows = rowType<VersionRow & { pacticipant_name: string }>('version', {
  ...versionRows.columns,
  pacticipant_name: text,
});
const providerConsumerRows = rowType<{ provider: string; consumer_id: number; name: string }>('consumer', {
  provider: text,
  consumer_id: integer,
  name: text,
});

/**
 * Pacticipants and environments by name, versions by (pacticipant name, number), and the consumers of some
 * pacticipants: one round trip.
 */
export function* firstRound(ask: {
  pacticipants: readonly string[];
  environments: readonly string[];
  versions: readonly { pacticipant: string; number: string }[];
  consumersOf: readonly string[];
}): Program<FirstRound> {
  const pNames = [...new Set(ask.pacticipants)];
  const eNames = [...new Set(ask.environments)];
  const versions = [...new Map(ask.versions.map((v) => [versionKey(v.pacticipant, v.number), v])).values()];
  const providers = [...new Set(ask.consumersOf)];
  // The query's own names: the gate takes at most MAX_SELECTORS selectors (gate/matrix/selectors.ts).
  if ([pNames, eNames, versions, providers].some((l) => l.length > IN_CHUNK))
    throw new RangeError(`a matrix query names at most ${IN_CHUNK} of each`);
  const queries: [SqlText, SqlParam[]][] = [
    [`SELECT * FROM pacticipants WHERE name IN ${inList(pNames)}`, pNames],
    [`SELECT * FROM environments WHERE name IN ${inList(eNames)}`, eNames],
  ];
  if (versions.length)
    queries.push([
      `SELECT v.*, p.name AS pacticipant_name FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id
        WHERE ${versions.map(() => '(p.name = ? AND v.number = ?)').join(' OR ')}`,
      versions.flatMap((v) => [v.pacticipant, v.number]),
    ]);
  if (providers.length)
    // Each provider's distinct consumers by skipping along the (provider, consumer, ...) index, one lookup per
    // consumer (a loose index scan): a DISTINCT read every publication of the provider, which grows with its history
    // (2.4 ms of a can-i-deploy's 5 on PostgreSQL at 150,000 versions).
    queries.push([
      `WITH RECURSIVE c(provider_id, consumer_id) AS (
         SELECT pr.id, (SELECT MIN(pp.consumer_id) FROM pact_publications pp WHERE pp.provider_id = pr.id)
           FROM pacticipants pr WHERE pr.name IN ${inList(providers)}
         UNION ALL
         SELECT c.provider_id, (SELECT MIN(pp.consumer_id) FROM pact_publications pp
                                 WHERE pp.provider_id = c.provider_id AND pp.consumer_id > c.consumer_id)
           FROM c WHERE c.consumer_id IS NOT NULL)
       SELECT pr.name AS provider, c.consumer_id, p.name
         FROM c JOIN pacticipants p ON p.id = c.consumer_id JOIN pacticipants pr ON pr.id = c.provider_id
        ORDER BY c.provider_id, c.consumer_id`,
      providers,
    ]);
  const [pRows, eRows, ...rest] = yield* allEach(queries);
  const vRows = versions.length ? rest.shift()! : [];
  const cRows = providers.length ? rest.shift()! : [];
  const consumersOf = new Map<string, string[]>(providers.map((p) => [p, []]));
  for (const r of providerConsumerRows.decodeAll(cRows)) consumersOf.get(r.provider)!.push(r.name);
  return {
    pacticipants: new Map(pacticipantRows.decodeAll(pRows).map((p) => [p.name, p])),
    environments: new Map(environmentRows.decodeAll(eRows).map((e) => [e.name, e])),
    versions: new Map(
      namedVersionRows
        .decodeAll(vRows)
        .map(({ pacticipant_name, ...v }) => [versionKey(pacticipant_name, v.number), v]),
    ),
    consumersOf,
  };
}

/**
 * Pacticipants by name, and the versions some of them (by name) have deployed or released in an environment, by
 * pacticipant id and newest first (repositories/matrix.ts `versionsInEnvironmentOf`): one round trip.
 */
export function* pacticipantsAndVersionsInEnvironment(
  names: readonly string[],
  environmentId: number | undefined,
  inEnvironment: readonly string[],
): Program<{ pacticipants: Map<string, PacticipantRow>; inEnvironment: Map<number, VersionInEnvironment[]> }> {
  const pNames = [...new Set(names)];
  const eNames = environmentId === undefined ? [] : [...new Set(inEnvironment)];
  const byName = (list: string[]): [SqlText, SqlParam[]] => [
    `SELECT * FROM pacticipants WHERE name IN ${inList(list)}`,
    list,
  ];
  const inEnv = (list: string[]) =>
    versionsInEnvironmentQuery(environmentId!, [
      `IN (SELECT id FROM pacticipants WHERE name IN ${inList(list)})`,
      list,
    ]);
  let pRows: unknown[] = [];
  let vRows: unknown[] = [];
  if (pNames.length <= IN_CHUNK && eNames.length <= IN_CHUNK) {
    const queries: [SqlText, SqlParam[]][] = [];
    if (pNames.length) queries.push(byName(pNames));
    if (eNames.length) queries.push(inEnv(eNames));
    const results = queries.length ? yield* allEach(queries) : [];
    if (pNames.length) pRows = results[0];
    if (eNames.length) vRows = results[results.length - 1];
  } else {
    // More names than one statement takes: a statement per chunk of each list.
    for (let i = 0; i < pNames.length; i += IN_CHUNK)
      pRows.push(...(yield* all(...byName(pNames.slice(i, i + IN_CHUNK)))));
    for (let i = 0; i < eNames.length; i += IN_CHUNK)
      vRows.push(...(yield* all(...inEnv(eNames.slice(i, i + IN_CHUNK)))));
  }
  return {
    pacticipants: new Map(pacticipantRows.decodeAll(pRows).map((p) => [p.name, p])),
    inEnvironment: byPacticipantNewestFirst(versionInEnvironmentRows.decodeAll(vRows)),
  };
}
