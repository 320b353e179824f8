import {
  markedValues,
  URL_VARIABLES,
  type RequestTemplate,
  type TemplateContext,
  type TemplateVariable,
} from './model.ts';

export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  username?: string;
  password?: string;
  /** Values the webhook marks secret (`secrets`), rendered: scrubbed from whatever the delivery logs. */
  secrets?: string[];
}

const VARIABLE = /\$\{pactbroker\.([A-Za-z]+)\}/g;

/** The context with broker paths made absolute. */
export function absoluteContext(ctx: TemplateContext, baseUrl: string): TemplateContext {
  const base = baseUrl.replace(/\/$/, '');
  const out: TemplateContext = { ...ctx };
  for (const k of URL_VARIABLES) {
    const v = out[k];
    if (v?.startsWith('/')) out[k] = `${base}${v}`;
  }
  return out;
}

/** Replaces `${pactbroker.x}` in one string; `encode` encodes each value (for the URL). Unknown variables become empty, as the Pact Broker does. */
export function renderString(text: string, ctx: TemplateContext, encode?: (v: string) => string): string {
  return text.replace(VARIABLE, (_, name: string) => {
    const v = ctx[name as TemplateVariable] ?? '';
    return encode ? encode(v) : v;
  });
}

function renderJson(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, ctx));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderString(k, ctx), renderJson(v, ctx)]));
  return value;
}

/**
 * Renders a webhook's request for one trigger. In the URL, values are percent-encoded (a version
 * number with `+` or a branch with `/` stays one path segment); a JSON body is rendered value by value,
 * so a value holding quotes cannot break the JSON.
 */
export function renderRequest(t: RequestTemplate, ctx: TemplateContext): RenderedRequest {
  const headers = Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, renderString(String(v), ctx)]));
  let body: string | undefined;
  if (typeof t.body === 'string') body = renderString(t.body, ctx);
  else if (t.body !== undefined && t.body !== null) {
    body = JSON.stringify(renderJson(t.body, ctx));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return {
    method: t.method.toUpperCase(),
    url: renderString(t.url, ctx, encodeURIComponent),
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(t.username !== undefined ? { username: renderString(t.username, ctx) } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.secrets?.length ? { secrets: markedValues(t).map((v) => renderString(v, ctx)) } : {}),
  };
}

/** GitHub/Bitbucket/Azure DevOps/GitLab commit-status words for a verification outcome (undefined: none yet). */
export function statusWords(
  success: boolean | undefined,
): Pick<
  TemplateContext,
  | 'githubVerificationStatus'
  | 'bitbucketVerificationStatus'
  | 'azureDevOpsVerificationStatus'
  | 'gitlabVerificationStatus'
> {
  if (success === undefined)
    return {
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      azureDevOpsVerificationStatus: 'pending',
      gitlabVerificationStatus: 'pending',
    };
  return success
    ? {
        githubVerificationStatus: 'success',
        bitbucketVerificationStatus: 'SUCCESSFUL',
        azureDevOpsVerificationStatus: 'succeeded',
        gitlabVerificationStatus: 'success',
      }
    : {
        githubVerificationStatus: 'failure',
        bitbucketVerificationStatus: 'FAILED',
        azureDevOpsVerificationStatus: 'failed',
        gitlabVerificationStatus: 'failed',
      };
}
