import type { Request, Response } from 'express';

export const HAL_JSON = 'application/hal+json;charset=utf-8';

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

/** The broker's base URL: the configured one, else the request's own origin. */
export function baseUrl(req: Request): string {
  const configured = (req.app.locals.baseUrl as string | undefined)?.replace(/\/$/, '');
  if (configured) return configured;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

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

/** A link builder bound to one request's base URL. */
export function linker(req: Request) {
  const base = baseUrl(req);
  return {
    base,
    url: (p: string) => `${base}${p.startsWith('/') ? p : `/${p}`}`,
    link: (p: string, extra: Omit<Link, 'href'> = {}): Link => ({
      href: `${base}${p.startsWith('/') ? p : `/${p}`}`,
      ...extra,
    }),
  };
}
export type Linker = ReturnType<typeof linker>;

export function sendHal(res: Response, status: number, body: unknown): void {
  res.status(status).type(HAL_JSON).send(JSON.stringify(body));
}

/** URL templates of the broker's resources, in one place. */
export const routes = {
  pacticipant: (p: string) => `/pacticipants/${path(p)}`,
  version: (p: string, v: string) => `/pacticipants/${path(p)}/versions/${path(v)}`,
  versionTag: (p: string, v: string, t: string) => `/pacticipants/${path(p)}/versions/${path(v)}/tags/${path(t)}`,
  branch: (p: string, b: string) => `/pacticipants/${path(p)}/branches/${path(b)}`,
  branchVersion: (p: string, b: string, v: string) =>
    `/pacticipants/${path(p)}/branches/${path(b)}/versions/${path(v)}`,
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
