/**
 * The one HTTP client the CLI uses to talk to a broker (rollgate or a Pact Broker): JSON in and out,
 * HAL link following, templated-link expansion, and failures turned into exit codes:
 * unreachable -> 3, an error status -> 4 with the broker's `{"errors": ...}` printed readably.
 */
import { BrokerError, BrokerUnreachableError, UsageError } from './errors.ts';

export interface BrokerConfig {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
}

export interface HalLink {
  href: string;
  name?: string;
  title?: string;
  templated?: boolean;
}

export type HalResource = Record<string, unknown> & {
  _links?: Record<string, HalLink | HalLink[]>;
  _embedded?: Record<string, unknown>;
};

export interface BrokerResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

const ACCEPT = 'application/hal+json, application/json';
const TIMEOUT_MS = 60_000;

/** Expands the simple `{name}` form of a URI template (RFC 6570 level 1), percent-encoding each value. */
export function expandTemplate(href: string, params: Record<string, string>): string {
  return href.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    name in params ? encodeURIComponent(params[name]!) : whole,
  );
}

/** The link(s) under a relation, whether the broker sent one object or an array. */
export function links(resource: HalResource, rel: string): HalLink[] {
  const l = resource._links?.[rel];
  return l === undefined ? [] : Array.isArray(l) ? l : [l];
}

/** A readable version of a broker error body: `{"errors": [...] | {field: [msg]}}`, problem details, notices, or text. */
export function describeErrorBody(body: unknown, text: string): string[] {
  const lines: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, typeof v === 'object' && v !== null ? `${path}[${i}]` : path);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (value !== undefined && value !== null) {
      lines.push(path ? `${path}: ${String(value)}` : String(value));
    }
  };
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    if (b.errors !== undefined) walk(b.errors, '');
    if (Array.isArray(b.notices))
      for (const n of b.notices as { type?: string; text?: string }[])
        if (n?.text && n.type !== 'success' && n.type !== 'info') lines.push(n.text);
    if (!lines.length && typeof b.detail === 'string') lines.push(b.detail);
    if (!lines.length && typeof b.title === 'string') lines.push(b.title);
  }
  if (!lines.length && text.trim()) lines.push(text.trim().slice(0, 500));
  return lines;
}

export class BrokerClient {
  readonly baseUrl: URL;
  private indexCache?: Promise<HalResource>;

  constructor(
    readonly config: BrokerConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    try {
      this.baseUrl = new URL(config.baseUrl.replace(/\/+$/, ''));
    } catch {
      throw new UsageError(
        `rollgate: the broker base URL ${JSON.stringify(config.baseUrl)} is not a URL (expected e.g. http://localhost:9292)`,
      );
    }
    if (!/^https?:$/.test(this.baseUrl.protocol))
      throw new UsageError(`rollgate: the broker base URL must be http:// or https://, not ${config.baseUrl}`);
  }

  /**
   * Where a path or an href points. Paths are taken relative to the base URL (keeping a context path such as
   * http://host/broker); an absolute href keeps its path and query but goes to the configured broker, as the
   * Pact clients do, so a broker behind a proxy that builds links with an internal host name still works.
   */
  url(hrefOrPath: string): string {
    const base = this.baseUrl.href.replace(/\/+$/, '');
    if (/^https?:\/\//i.test(hrefOrPath)) {
      const u = new URL(hrefOrPath);
      return `${this.baseUrl.origin}${u.pathname}${u.search}`;
    }
    const basePath = this.baseUrl.pathname.replace(/\/+$/, '');
    if (basePath && hrefOrPath.startsWith(`${basePath}/`)) return `${this.baseUrl.origin}${hrefOrPath}`;
    return `${base}${hrefOrPath.startsWith('/') ? '' : '/'}${hrefOrPath}`;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { accept: ACCEPT, 'user-agent': 'rollgate-cli', ...extra };
    if (this.config.token) h.authorization = `Bearer ${this.config.token}`;
    else if (this.config.username !== undefined) {
      h.authorization = `Basic ${Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64')}`;
    }
    return h;
  }

  /** One request. Resolves for 2xx, and for a 404 when `allow404` is set; throws a BrokerError otherwise. */
  async request<T = unknown>(
    method: string,
    hrefOrPath: string,
    body?: unknown,
    opts: { contentType?: string; allow404?: boolean } = {},
  ): Promise<BrokerResponse<T>> {
    const url = this.url(hrefOrPath);
    const init: RequestInit = {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': opts.contentType ?? 'application/json' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, init);
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const detail =
        err.name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : (err.cause?.code ?? err.cause?.message ?? err.message);
      throw new BrokerUnreachableError(this.baseUrl.href.replace(/\/$/, ''), detail);
    }
    let parsed: unknown = text;
    if (/json/i.test(res.headers.get('content-type') ?? '') || /^\s*[{[]/.test(text)) {
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
    }
    if (res.ok || (opts.allow404 && res.status === 404)) return { status: res.status, body: parsed as T, text };
    throw this.errorFor(method, url, res, parsed, text);
  }

  private errorFor(method: string, url: string, res: Response, body: unknown, text: string): BrokerError {
    const path = new URL(url).pathname + new URL(url).search;
    const lines = describeErrorBody(body, text);
    const hint =
      res.status === 401 || res.status === 403
        ? ['(check --broker-token, or --broker-username and --broker-password)']
        : [];
    const message = [
      `rollgate: the broker answered ${method} ${path} with ${res.status} ${res.statusText}`.trimEnd(),
      ...[...lines, ...hint].map((l) => `  ${l}`),
    ].join('\n');
    return new BrokerError(message, res.status, body);
  }

  get<T = unknown>(hrefOrPath: string, opts?: { allow404?: boolean }) {
    return this.request<T>('GET', hrefOrPath, undefined, opts);
  }

  post<T = unknown>(hrefOrPath: string, body: unknown) {
    return this.request<T>('POST', hrefOrPath, body);
  }

  patch<T = unknown>(hrefOrPath: string, body: unknown) {
    return this.request<T>('PATCH', hrefOrPath, body, { contentType: 'application/merge-patch+json' });
  }

  /** `GET /`, fetched once per command. */
  index(): Promise<HalResource> {
    this.indexCache ??= this.get<HalResource>('/').then((r) => (typeof r.body === 'object' && r.body ? r.body : {}));
    return this.indexCache;
  }

  /** The href of an index relation with its `{placeholders}` filled in; a broker without it is an error. */
  async indexLink(rel: string, params: Record<string, string> = {}): Promise<string> {
    const link = links(await this.index(), rel)[0];
    if (!link?.href)
      throw new BrokerError(
        `rollgate: the broker at ${this.baseUrl.href} has no '${rel}' relation in its index (is it a Pact Broker?)`,
      );
    return expandTemplate(link.href, params);
  }
}
