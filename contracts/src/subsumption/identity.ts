import { canonicalJson } from '../pact/canonical-json.ts';
import type { HttpRequest, Interaction, MessageContents, ProviderState } from '../pact/model.ts';

/** Provider states compared as a set of (name, params): order in the file does not matter. */
export function sameProviderStates(a: ProviderState[], b: ProviderState[]): boolean {
  const key = (s: ProviderState[]) =>
    s
      .map((x) => canonicalJson({ name: x.name, params: x.params ?? {} }))
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/**
 * The provider only ever saw the other pact's example request, and request matchers do not apply
 * on the provider's side: so the requests must be the same, up to header-name case and query
 * parameter order (the order of values of one parameter is kept: it can carry meaning).
 */
export function requestKey(r: HttpRequest): string {
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return canonicalJson({
    method: r.method.toUpperCase(),
    path: r.path,
    query: r.query,
    headers,
    body: r.body ?? null,
    hasBody: r.body !== undefined,
  });
}

export function contentsKey(m: MessageContents): string {
  return canonicalJson({ contents: m.contents ?? null, metadata: m.metadata, rules: m.matchingRules });
}

/** What must be identical for two interactions to be the same question to the provider. */
export function identityKey(i: Interaction): string {
  if (i.kind === 'http') return `http ${requestKey(i.request)}`;
  // an asynchronous message has no request: the provider is asked for it by description
  if (i.kind === 'message') return `message ${i.description}`;
  return `sync-message ${contentsKey(i.request)}`;
}
