import { message } from '../messages.ts';

/** How to reach the source Pact Broker: its base URL and the credentials of `--from-token` or `--from-username`. */
export interface SourceOptions {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Attempts for a request that fails with a network error or a 5xx (default 3). */
  attempts?: number;
}

/** A HAL document: any JSON object. */
export type Hal = Record<string, unknown> & { _links?: Record<string, unknown>; _embedded?: Record<string, unknown> };

/** The source refused or failed a request: import cannot go on (a 404 is not this: `getOrNull` answers null). */
export class SourceError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(message('pb-import.source-failed', { url, status: status ?? 'no answer', detail }));
    this.name = 'SourceError';
  }
}

/**
 * A read-only client of a Pact Broker's public HAL API, as any client could use it: GETs only, with the
 * source's credentials (never rollgate's own `--broker-*` settings), a bounded number of requests in flight,
 * retries of network errors and 5xx, and a count of requests per kind for the summary and the cost spike.
 */
export class PactBrokerSource {
  readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly limit: number;
  private readonly attempts: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests sent, by kind ("versions", "pact", "verification", ...). */
  readonly requests = new Map<string, number>();

  constructor(opts: SourceOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.headers = { accept: 'application/hal+json, application/json' };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
    else if (opts.username !== undefined)
      this.headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
    this.limit = opts.concurrency ?? 8;
    this.attempts = opts.attempts ?? 3;
  }

  /**
   * An absolute URL for a path or an href of the source. An href naming another origin (a Pact Broker behind a
   * proxy with another base URL configured) is taken as a path under the URL the import was given.
   */
  url(pathOrHref: string): string {
    if (!/^https?:\/\//.test(pathOrHref)) return `${this.base}${pathOrHref}`;
    if (pathOrHref.startsWith(`${this.base}/`) || pathOrHref === this.base) return pathOrHref;
    const href = new URL(pathOrHref);
    const prefix = new URL(this.base).pathname.replace(/\/+$/, '');
    const path = `${href.pathname}${href.search}`;
    return `${this.base}${prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path}`;
  }

  /** GET a HAL document; a 404 is an error. */
  async get(kind: string, pathOrHref: string): Promise<Hal> {
    const found = await this.getOrNull(kind, pathOrHref);
    if (found === null) throw new SourceError(this.url(pathOrHref), 404, 'not found');
    return found;
  }

  /** GET a HAL document, or null when the source answers 404. */
  async getOrNull(kind: string, pathOrHref: string): Promise<Hal | null> {
    const url = this.url(pathOrHref);
    this.requests.set(kind, (this.requests.get(kind) ?? 0) + 1);
    await this.slot();
    try {
      for (let attempt = 1; ; attempt++) {
        let res: Response;
        try {
          res = await fetch(url, { headers: this.headers });
        } catch (e) {
          if (attempt < this.attempts) {
            await new Promise((r) => setTimeout(r, 200 * attempt));
            continue;
          }
          throw new SourceError(url, undefined, (e as Error).cause ? String((e as Error).cause) : (e as Error).message);
        }
        if (res.status === 404) {
          await res.body?.cancel();
          return null;
        }
        if (res.status >= 500 && attempt < this.attempts) {
          await res.body?.cancel();
          await new Promise((r) => setTimeout(r, 200 * attempt));
          continue;
        }
        if (!res.ok) throw new SourceError(url, res.status, (await res.text()).slice(0, 300));
        try {
          return (await res.json()) as Hal;
        } catch (e) {
          throw new SourceError(url, res.status, (e as Error).message);
        }
      }
    } finally {
      this.release();
    }
  }

  /** Every item of a paged listing (`_embedded[key]`), following `next` links; `size` per page. */
  async *pages(kind: string, path: string, key: string, size = 100): AsyncGenerator<Hal[]> {
    let href: string | undefined = `${path}${path.includes('?') ? '&' : '?'}size=${size}&page=1`;
    const seen = new Set<string>();
    while (href && !seen.has(href)) {
      seen.add(href);
      const doc = await this.get(kind, href);
      yield embedded(doc, key);
      href = linkHref(doc, 'next');
    }
  }

  private async slot(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** `_embedded[key]` as a list (empty when absent). */
export function embedded(doc: Hal | undefined, key: string): Hal[] {
  const v = doc?._embedded?.[key];
  return Array.isArray(v) ? (v as Hal[]) : v && typeof v === 'object' ? [v as Hal] : [];
}

/** Every link of a relation (HAL allows one object or a list). */
export function links(doc: Hal | undefined, rel: string): Hal[] {
  const v = doc?._links?.[rel];
  return Array.isArray(v) ? (v as Hal[]) : v && typeof v === 'object' ? [v as Hal] : [];
}

export function linkHref(doc: Hal | undefined, rel: string): string | undefined {
  const href = links(doc, rel)[0]?.href;
  return typeof href === 'string' ? href : undefined;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
