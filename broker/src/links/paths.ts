/**
 * The broker's resource paths, in one place: presenters, pages, webhook templates and the audit log all
 * build their links from these, so a path changes here or nowhere.
 */
const TEMPLATE = /^\{[a-zA-Z]+\}$/;
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Encodes path segments (`/`, `%`, `?`, `#` and unicode included); templates (`{name}`) pass through
 * unencoded. Never throws: a lone UTF-16 surrogate, which has no UTF-8 form and makes
 * encodeURIComponent throw a URIError, is written as U+FFFD (request bodies holding one are refused
 * before they are stored, so only a value from elsewhere can carry one).
 */
export function path(...segments: (string | number)[]): string {
  return segments
    .map((s) =>
      typeof s === 'string' && TEMPLATE.test(s) ? s : encodeURIComponent(String(s).replace(LONE_SURROGATE, '\uFFFD')),
    )
    .join('/');
}

/** URL templates of the broker's resources. */
export const routes = {
  pacticipant: (p: string) => `/pacticipants/${path(p)}`,
  version: (p: string, v: string) => `/pacticipants/${path(p)}/versions/${path(v)}`,
  versionTag: (p: string, v: string, t: string) => `/pacticipants/${path(p)}/versions/${path(v)}/tags/${path(t)}`,
  versionRequirements: (p: string, v: string) => `/pacticipants/${path(p)}/versions/${path(v)}/requirements`,
  versionRequirement: (p: string, v: string, o: string) =>
    `/pacticipants/${path(p)}/versions/${path(v)}/requirements/${path(o)}`,
  versionMigrations: (p: string, v: string) => `/pacticipants/${path(p)}/versions/${path(v)}/migrations`,
  versionMigration: (p: string, v: string, id: string) =>
    `/pacticipants/${path(p)}/versions/${path(v)}/migrations/${path(id)}`,
  branch: (p: string, b: string) => `/pacticipants/${path(p)}/branches/${path(b)}`,
  branchVersion: (p: string, b: string, v: string) =>
    `/pacticipants/${path(p)}/branches/${path(b)}/versions/${path(v)}`,
  latestPact: (provider: string, consumer: string) =>
    `/pacts/provider/${path(provider)}/consumer/${path(consumer)}/latest`,
  pactForVersion: (provider: string, consumer: string, v: string) =>
    `/pacts/provider/${path(provider)}/consumer/${path(consumer)}/version/${path(v)}`,
  pactVersion: (provider: string, consumer: string, sha: string) =>
    `/pacts/provider/${path(provider)}/consumer/${path(consumer)}/pact-version/${path(sha)}`,
  environment: (uuid: string) => `/environments/${path(uuid)}`,
  deployedVersion: (uuid: string) => `/deployed-versions/${path(uuid)}`,
  releasedVersion: (uuid: string) => `/released-versions/${path(uuid)}`,
  verification: (provider: string, consumer: string, sha: string, id: number) =>
    `/pacts/provider/${path(provider)}/consumer/${path(consumer)}/pact-version/${path(sha)}/verification-results/${id}`,
  providerContract: (provider: string, version: string) =>
    `/provider-contracts/provider/${path(provider)}/version/${path(version)}`,
};
