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

/** Headers with secret-looking names replaced by the marker. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, isSecretName(k) ? REDACTED : v]));
}

/** The values of secret-looking query parameters replaced by the marker (the URL text is otherwise kept). */
export function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, name: string) =>
    isSecretName(decodeSafe(name)) ? `${sep}${name}=${REDACTED}` : all,
  );
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The template as the API shows it: secrets redacted. */
export function redactTemplate(r: RequestTemplate): RequestTemplate {
  return {
    ...r,
    url: redactUrl(r.url),
    headers: redactHeaders(r.headers),
    ...(r.password !== undefined ? { password: REDACTED } : {}),
  };
}

/**
 * A PUT may send back what a GET showed: a redacted value means "keep the stored secret", so a
 * round-trip never overwrites a credential with the marker.
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
  const url = next.url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, name: string, value: string) =>
    value === REDACTED && storedParams.has(name) ? `${sep}${name}=${storedParams.get(name)}` : all,
  );
  const password = next.password === REDACTED ? stored.password : next.password;
  return { ...next, url, headers, ...(password !== undefined ? { password } : {}) };
}

/**
 * Every secret value in a rendered request, to scrub from any text that leaves the broker (logs, test
 * execution results): the values of secret-looking headers and query parameters, the password, and
 * the Basic credentials built from it. Short values are skipped (they would blank out ordinary text).
 */
export function secretValues(r: {
  url: string;
  headers: Record<string, string>;
  username?: string;
  password?: string;
}): string[] {
  const out = new Set<string>();
  const add = (v: string | undefined) => {
    if (!v || v.length < 4) return;
    out.add(v);
    // "Bearer abc": the credential alone too.
    const parts = v.split(/\s+/);
    if (parts.length > 1 && parts[parts.length - 1].length >= 4) out.add(parts[parts.length - 1]);
    if (v !== encodeURIComponent(v)) out.add(encodeURIComponent(v));
  };
  for (const [k, v] of Object.entries(r.headers)) if (isSecretName(k)) add(v);
  for (const m of r.url.matchAll(/[?&]([^=&#]*)=([^&#]*)/g))
    if (isSecretName(decodeSafe(m[1]))) {
      add(decodeSafe(m[2]));
      add(m[2]);
    }
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
  };
}
