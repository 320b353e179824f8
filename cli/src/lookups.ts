/**
 * Broker look-ups several commands share: an environment by name, a version resource, the link named after an
 * environment, an environment's lists of deployed or released versions.
 */
import { expandTemplate, links, type BrokerClient, type HalResource } from './broker-client.ts';
import { BrokerError } from './errors.ts';

export interface EnvironmentResource extends HalResource {
  uuid: string;
  name: string;
  displayName?: string;
  production?: boolean;
}

export async function listEnvironments(client: BrokerClient): Promise<EnvironmentResource[]> {
  const href = await client.indexLink('pb:environments');
  const res = await client.get<HalResource>(href);
  return ((res.body?._embedded?.environments ?? []) as EnvironmentResource[]).filter(
    (e) => typeof e?.name === 'string',
  );
}

export async function findEnvironment(client: BrokerClient, name: string): Promise<EnvironmentResource> {
  const all = await listEnvironments(client);
  const env = all.find((e) => e.name === name);
  if (!env)
    throw unknownEnvironment(
      name,
      all.map((e) => e.name),
    );
  return env;
}

export const unknownEnvironment = (name: string, known: string[]) =>
  new BrokerError(
    `rollgate: environment ${name} does not exist in the broker (${known.length ? `known: ${known.join(', ')}` : 'no environments yet: rollgate create-environment --name ...'})`,
  );

/**
 * Runs `ask` (a query naming `environment`); when the broker refuses it (4xx) and the environment does not exist,
 * says so and which ones do, as record-deployment does, instead of the broker's bare 400. Other failures, and a
 * refusal for another reason, pass through unchanged. Only the failure path asks for the list of environments.
 */
export async function withKnownEnvironment<T>(
  client: BrokerClient,
  environment: string | undefined,
  ask: () => Promise<T>,
): Promise<T> {
  try {
    return await ask();
  } catch (e) {
    if (
      environment === undefined ||
      !(e instanceof BrokerError) ||
      e.status === undefined ||
      e.status < 400 ||
      e.status >= 500
    )
      throw e;
    const known = await listEnvironments(client).then(
      (all) => all.map((x) => x.name),
      () => undefined,
    );
    if (known && !known.includes(environment)) throw unknownEnvironment(environment, known);
    throw e;
  }
}

/** `GET /pacticipants/{p}/versions/{v}` (the path the Pact clients hard-code), with a readable 404. */
export async function getVersion(client: BrokerClient, pacticipant: string, version: string): Promise<HalResource> {
  const path = expandTemplate('/pacticipants/{pacticipant}/versions/{version}', { pacticipant, version });
  const res = await client.get<HalResource>(path, { allow404: true });
  if (res.status === 404)
    throw new BrokerError(`rollgate: ${pacticipant} version ${version} does not exist in the broker`, 404, res.body);
  return res.body;
}

/**
 * The `pb:record-deployment` / `pb:record-release` link named after the environment. A version without it
 * means the environment does not exist: the broker lists one link per environment.
 */
export async function environmentLink(
  client: BrokerClient,
  version: HalResource,
  rel: string,
  environment: string,
): Promise<string> {
  const link = links(version, rel).find((l) => l.name === environment);
  if (link) return link.href;
  const known = await listEnvironments(client).then(
    (all) => all.map((e) => e.name),
    () => links(version, rel).map((l) => l.name ?? ''),
  );
  throw unknownEnvironment(environment, known.filter(Boolean));
}

/**
 * The Pact Broker's way to record a version in an environment (`rel` is `pb:record-deployment` or
 * `pb:record-release`): `GET` the version, `POST` `body` to its link named after the environment.
 */
export async function recordInEnvironment(
  client: BrokerClient,
  target: { pacticipant: string; version: string; environment: string },
  rel: string,
  body: unknown,
): Promise<unknown> {
  const version = await getVersion(client, target.pacticipant, target.version);
  const href = await environmentLink(client, version, rel, target.environment);
  return (await client.post(href, body)).body;
}

/** What an environment lists for one pacticipant: currently deployed or currently supported released versions. */
export interface EnvironmentEntry {
  uuid: string;
  applicationInstance?: string | null;
  _embedded?: { version?: { number?: string } };
  _links?: { self?: { href: string } };
}

const ENTRY_LISTS = {
  deployed: {
    rel: 'pb:currently-deployed-deployed-versions',
    path: 'deployed-versions/currently-deployed',
    key: 'deployedVersions',
    self: '/deployed-versions/',
  },
  released: {
    rel: 'pb:currently-supported-released-versions',
    path: 'released-versions/currently-supported',
    key: 'releasedVersions',
    self: '/released-versions/',
  },
} as const;

/** The named environment's currently deployed (or currently supported released) versions matching `query`. */
export async function currentEntries(
  client: BrokerClient,
  environment: string,
  kind: keyof typeof ENTRY_LISTS,
  query: Record<string, string>,
): Promise<EnvironmentEntry[]> {
  const list = ENTRY_LISTS[kind];
  const env = await findEnvironment(client, environment);
  const href = links(env, list.rel)[0]?.href ?? `/environments/${encodeURIComponent(env.uuid)}/${list.path}`;
  const res = await client.get<HalResource>(`${href}${href.includes('?') ? '&' : '?'}${new URLSearchParams(query)}`);
  return embedded<EnvironmentEntry>(res.body, list.key);
}

/** `PATCH` (merge-patch) onto an entry listed by `currentEntries`, through its self link. */
export async function patchEntry(
  client: BrokerClient,
  kind: keyof typeof ENTRY_LISTS,
  entry: EnvironmentEntry,
  body: unknown,
): Promise<unknown> {
  return (
    await client.patch(entry._links?.self?.href ?? `${ENTRY_LISTS[kind].self}${encodeURIComponent(entry.uuid)}`, body)
  ).body;
}

/** The embedded list of a HAL collection, or []. */
export const embedded = <T>(body: HalResource | undefined, key: string): T[] => (body?._embedded?.[key] ?? []) as T[];
