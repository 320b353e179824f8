/**
 * The escaping template helper every page is built with. `html\`...\`` escapes every interpolated value
 * unless it is already `Html` (the result of another `html` call, or `raw()` for markup written here, never
 * for data). Arrays are joined, null/undefined/false render nothing. Anything from a pact or a name goes
 * through `html` and so is text, never markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

export type Renderable = Html | string | number | boolean | null | undefined | Renderable[];

function render(v: Renderable): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup written in this folder (never data). */
export const raw = (s: string) => new Html(s);

const seg = (s: string) => encodeURIComponent(s);

/** URLs of the pages (relative to the broker's root), with every name encoded. */
export const uiUrl = {
  overview: () => '/ui/',
  graph: (environment?: string) => `/ui/graph${environment ? `?environment=${seg(environment)}` : ''}`,
  environment: (name: string) => `/ui/environments/${seg(name)}`,
  gaps: (environment: string) => `/ui/environments/${seg(environment)}/gaps`,
  pacticipant: (name: string) => `/ui/pacticipants/${seg(name)}`,
  matrix: (provider: string, consumer: string) => `/ui/matrix/provider/${seg(provider)}/consumer/${seg(consumer)}`,
  matrixHistory: (provider: string, consumer: string) =>
    `/ui/matrix/provider/${seg(provider)}/consumer/${seg(consumer)}/history`,
  pact: (provider: string, consumer: string, version: string, providerVersion?: string) =>
    `/ui/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/version/${seg(version)}${providerVersion ? `?providerVersion=${seg(providerVersion)}` : ''}`,
  providerContract: (provider: string, version: string) =>
    `/ui/provider-contracts/provider/${seg(provider)}/version/${seg(version)}`,
  diff: (provider: string, consumer: string, from?: string, to?: string) =>
    `/ui/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/diff${from && to ? `?from=${seg(from)}&to=${seg(to)}` : ''}`,
};
