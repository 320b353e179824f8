import { z } from 'zod';
import { message } from '../messages.ts';

/** The Pact Broker's webhook events (issue 10). */
export const EVENTS = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
  /** rollgate's own (issue 21): a deployed pacticipant's rollback verdict changed in an environment. */
  'rollback_safety_changed',
] as const;
export type EventName = (typeof EVENTS)[number];

/** The request a webhook sends: every string may hold `${pactbroker.*}` template variables. */
export interface RequestTemplate {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A string, or JSON (whose string values are templates); absent: no body. */
  body?: unknown;
  username?: string;
  password?: string;
  /**
   * Values marked secret besides the ones recognised by name: `headers.<name>`, `body` (the whole body) or
   * `body.<field>[.<field>...]` (a field of a JSON body). Shown and redacted like the password.
   */
  secrets?: string[];
}

export interface Webhook {
  uuid: string;
  description: string | null;
  consumer: { name?: string; label?: string } | null;
  provider: { name?: string; label?: string } | null;
  enabled: boolean;
  events: EventName[];
  request: RequestTemplate;
  createdAt: string;
  updatedAt: string;
}

/** The values `${pactbroker.*}` variables take for one trigger. URLs are broker paths, made absolute when the request is built. */
export type TemplateContext = Partial<Record<TemplateVariable, string>>;

/** Every `${pactbroker.<name>}` variable the templates know (the Pact Broker's list). */
export const TEMPLATE_VARIABLES = [
  'pactUrl',
  'verificationResultUrl',
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'providerVersionNumber',
  'consumerVersionTags',
  'providerVersionTags',
  'consumerVersionBranch',
  'providerVersionBranch',
  'consumerLabels',
  'providerLabels',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'azureDevOpsVerificationStatus',
  'gitlabVerificationStatus',
  'eventName',
  'buildUrl',
  'providerVersionDescriptions',
  'consumerVersionDescriptions',
  // rollback_safety_changed (issue 21)
  'pacticipantName',
  'environmentName',
  'previousRollbackVerdict',
  'rollbackVerdict',
  'rollbackReason',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/** Variables that hold broker paths (made absolute with the broker's base URL at delivery). */
export const URL_VARIABLES: readonly TemplateVariable[] = ['pactUrl', 'verificationResultUrl'];

// ---------------------------------------------------------------------------------------------------------------
// Secrets: header names that look like credentials, query parameters likewise, and the basic auth password.
// ---------------------------------------------------------------------------------------------------------------

export const REDACTED = '**********';
export const SECRET_NAME = /auth|token|secret|key|password|passwd|credential|cookie|signature/i;

export const isSecretName = (name: string) => SECRET_NAME.test(name);

/** The values of secret-looking query parameters replaced by the marker (the URL text is otherwise kept). */
export function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, name: string) =>
    isSecretName(decodeSafe(name)) ? `${sep}${name}=${REDACTED}` : all,
  );
}

/**
 * A URL as everyone but admins and its creator sees it: scheme, host and first path segment. Slack, Teams and
 * similar targets keep their secret in the rest of the path, others in the query; whatever follows is one marker.
 */
export function shortUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^/?#]*)?(.*)$/is.exec(url);
  if (!m) return REDACTED;
  const [, origin, first = '', rest] = m;
  return `${origin}${first}${rest ? `/${REDACTED}` : ''}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A `secrets` entry: `headers.<name>`, `body`, or `body.<field>...`. */
export const SECRET_PATH = /^(headers\.[^.]+|body(\.[^.]+)*)$/;

const headerMarked = (r: RequestTemplate, name: string) =>
  (r.secrets ?? []).some((p) => p.toLowerCase() === `headers.${name.toLowerCase()}`);

/** The body fields marked secret, as key lists (`[]`: the whole body). */
const bodyMarks = (r: RequestTemplate): string[][] =>
  (r.secrets ?? []).filter((p) => p === 'body' || p.startsWith('body.')).map((p) => p.split('.').slice(1));

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** A copy of `value` with the value at `keys` replaced (when it is there). */
function replaceAt(value: unknown, keys: readonly string[], by: (old: unknown) => unknown): unknown {
  if (!keys.length) return by(value);
  if (!value || typeof value !== 'object') return value;
  const [k, ...rest] = keys;
  if (!(k in (value as object))) return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) };
  (copy as Record<string, unknown>)[k] = replaceAt((value as Record<string, unknown>)[k], rest, by);
  return copy;
}

/** Headers with secret-looking or marked names replaced by the marker. */
export function redactHeaders(headers: Record<string, string>, r?: RequestTemplate): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, isSecretName(k) || (r && headerMarked(r, k)) ? REDACTED : v]),
  );
}

/**
 * The template as the API shows it. `reveal` (admins and the webhook's creator): as stored. Everyone else: the
 * password, credential-named headers and query parameters and the marked values redacted, the URL cut after its
 * first path segment.
 */
export function redactTemplate(r: RequestTemplate, reveal = false): RequestTemplate {
  if (reveal) return r;
  let body = r.body;
  for (const keys of bodyMarks(r))
    body = replaceAt(body, keys, (old) => (old === undefined || old === null ? old : REDACTED));
  return {
    ...r,
    url: shortUrl(r.url),
    headers: redactHeaders(r.headers, r),
    ...(r.body !== undefined ? { body } : {}),
    ...(r.password !== undefined ? { password: REDACTED } : {}),
  };
}

/** Every string leaf equal to the marker in `next` replaced by the stored value at the same place. */
function keepMarkedLeaves(next: unknown, stored: unknown): unknown {
  if (next === REDACTED) return stored === undefined ? next : stored;
  if (Array.isArray(next))
    return next.map((v, i) => keepMarkedLeaves(v, Array.isArray(stored) ? stored[i] : undefined));
  if (next && typeof next === 'object')
    return Object.fromEntries(
      Object.entries(next).map(([k, v]) => [
        k,
        keepMarkedLeaves(v, stored && typeof stored === 'object' ? (stored as Record<string, unknown>)[k] : undefined),
      ]),
    );
  return next;
}

/**
 * A PUT may send back what a GET showed: a redacted value means "keep the stored secret", so a round-trip never
 * overwrites a credential with the marker. So does the cut URL of the stored one.
 */
export function keepRedactedSecrets(next: RequestTemplate, stored: RequestTemplate | undefined): RequestTemplate {
  if (!stored) return next;
  const headers = Object.fromEntries(
    Object.entries(next.headers).map(([k, v]) => {
      if (v !== REDACTED) return [k, v];
      const old = Object.entries(stored.headers).find(([sk]) => sk.toLowerCase() === k.toLowerCase());
      return [k, old ? old[1] : v];
    }),
  );
  const storedParams = new Map<string, string>();
  for (const m of stored.url.matchAll(/[?&]([^=&#]*)=([^&#]*)/g)) storedParams.set(m[1], m[2]);
  const url =
    next.url === shortUrl(stored.url)
      ? stored.url
      : next.url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, name: string, value: string) =>
          value === REDACTED && storedParams.has(name) ? `${sep}${name}=${storedParams.get(name)}` : all,
        );
  const password = next.password === REDACTED ? stored.password : next.password;
  const body = next.body === undefined ? undefined : keepMarkedLeaves(next.body, stored.body);
  return {
    ...next,
    url,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The marked values of a template (before rendering): secrets to scrub from what a delivery logs. */
export function markedValues(r: RequestTemplate): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(r.headers)) if (headerMarked(r, k)) out.push(String(v));
  for (const keys of bodyMarks(r)) {
    const v = valueAt(r.body, keys);
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (v !== undefined && v !== null) out.push(JSON.stringify(v));
  }
  return out;
}

/**
 * Every secret value in a rendered request, to scrub from any text that leaves the broker (logs, test execution
 * results): the values of secret-looking or marked headers and query parameters, marked body values, the URL's path
 * after its first segment, the password and the Basic credentials built from it; each also as JSON and URLs write it
 * (a target echoing `a"b` answers `a\"b`). Short values are skipped (they would blank out ordinary text).
 */
export function secretValues(r: {
  url: string;
  headers: Record<string, string>;
  username?: string;
  password?: string;
  secrets?: readonly string[];
}): string[] {
  const out = new Set<string>();
  const add = (v: string | undefined) => {
    if (!v || v.length < 4) return;
    for (const form of [v, JSON.stringify(v).slice(1, -1), JSON.stringify(JSON.stringify(v)).slice(3, -3)]) {
      out.add(form);
      if (form !== encodeURIComponent(form)) out.add(encodeURIComponent(form));
    }
    // "Bearer abc": the credential alone too.
    const parts = v.split(/\s+/);
    if (parts.length > 1 && parts[parts.length - 1].length >= 4) add(parts[parts.length - 1]);
  };
  for (const [k, v] of Object.entries(r.headers)) if (isSecretName(k)) add(v);
  for (const m of r.url.matchAll(/[?&]([^=&#]*)=([^&#]*)/g))
    if (isSecretName(decodeSafe(m[1]))) {
      add(decodeSafe(m[2]));
      add(m[2]);
    }
  const tail = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/[^/?#]*(\/[^?#]+)/i.exec(r.url)?.[1];
  if (tail) {
    add(tail);
    for (const segment of tail.split('/')) if (segment.length >= 8) add(segment);
  }
  for (const v of r.secrets ?? []) add(v);
  if (r.password !== undefined) {
    add(r.password);
    add(Buffer.from(`${r.username ?? ''}:${r.password}`).toString('base64'));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Headers: what HTTP can carry, checked when a webhook is saved and again after its template values are filled in.
// ---------------------------------------------------------------------------------------------------------------

/** Headers the broker sets (framing, routing): a webhook may not, or a target could get two lengths or another host. */
export const BROKER_SET_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with one header (a message), or undefined. Values as node sends them: Latin-1 text, no controls. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return message('webhook.header-name');
  if (BROKER_SET_HEADERS.has(name.toLowerCase())) return message('webhook.header-broker-set');
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c === 10 || c === 13) return message('webhook.header-line-break');
    if (c > 255) return message('webhook.header-not-latin1', { char: ch });
    if ((c < 32 && c !== 9) || c === 127)
      return message('webhook.header-control', { code: c.toString(16).padStart(2, '0') });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The API's body, as the Pact Broker and its clients send it.
// ---------------------------------------------------------------------------------------------------------------

const scope = z
  .object({
    name: z.string().min(1, 'name must not be blank').optional(),
    label: z.string().min(1, 'label must not be blank').optional(),
  })
  .refine((s) => !(s.name && s.label), 'give a name or a label, not both')
  .nullable()
  .optional();

export const webhookSchema = z.object({
  uuid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, message('webhook.bad-uuid-field'))
    .optional(),
  description: z.string().nullable().optional(),
  consumer: scope,
  provider: scope,
  enabled: z.boolean({ error: message('input.field-boolean', { what: 'enabled' }) }).optional(),
  events: z
    .array(
      z.object({ name: z.enum(EVENTS, { error: message('webhook.unknown-event', { events: EVENTS.join(', ') }) }) }),
      {
        error: message('webhook.events-shape'),
      },
    )
    .min(1, message('webhook.no-events')),
  request: z.object(
    {
      // pact-broker create-webhook sends null when -X is not given: POST, as the Pact Broker's UI.
      method: z
        .string()
        .min(1, message('input.field-blank', { what: 'method' }))
        .nullable()
        .optional(),
      url: z
        .string({ error: message('input.field-required', { what: 'url' }) })
        .min(1, message('input.field-required', { what: 'url' })),
      headers: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
        .nullable()
        .optional(),
      body: z.unknown().optional(),
      username: z.string().nullable().optional(),
      password: z.string().nullable().optional(),
      secrets: z
        .array(z.string().regex(SECRET_PATH, message('webhook.secret-path')), {
          error: message('webhook.secret-path'),
        })
        .nullable()
        .optional(),
    },
    { error: message('input.field-required', { what: 'request' }) },
  ),
});
export type WebhookBody = z.infer<typeof webhookSchema>;

/** The stored template from a validated body. */
export function templateOf(body: WebhookBody): RequestTemplate {
  const r = body.request;
  return {
    method: (r.method ?? 'POST').toUpperCase(),
    url: r.url,
    headers: (r.headers ?? {}) as Record<string, string>,
    ...(r.body !== undefined && r.body !== null ? { body: r.body } : {}),
    ...(r.username ? { username: r.username } : {}),
    ...(r.password ? { password: r.password } : {}),
    ...(r.secrets?.length ? { secrets: [...new Set(r.secrets)] } : {}),
  };
}
