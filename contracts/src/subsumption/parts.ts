import { headerValue, isJsonType, sniffContentType } from '../../../matchers/src/content-type.ts';
import { rulesForKey } from '../../../matchers/src/context.ts';
import { sameHeaderValue } from '../../../matchers/src/parts/headers.ts';
import { canonicalJson } from '../pact/canonical-json.ts';
import type { HttpResponse, MatchingRules, MessageContents, RuleList } from '../pact/model.ts';
import { JsonSubsumption } from './json.ts';
import type { Stop } from './reasons.ts';
import { scalarImplied } from './scalar.ts';
import { acceptedStatuses } from './status.ts';

/**
 * Keyed text values (response headers, message metadata): every key A requires, B requires, with
 * a value constraint at least as strict.
 */
export function keyedSubsumed(
  label: string,
  category: string,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  rulesA: MatchingRules,
  rulesB: MatchingRules,
  sameExact: (name: string, ea: string, eb: string) => boolean,
  caseInsensitive: boolean,
): Stop | undefined {
  for (const [name, ea] of Object.entries(a)) {
    const element = `${label}.${name}`;
    const bKey = Object.keys(b).find((k) => (caseInsensitive ? k.toLowerCase() === name.toLowerCase() : k === name));
    if (bKey === undefined) return { id: 'element-not-required', element };
    const eb = b[bKey];
    const ra = rulesForKey(rulesA[category], name, caseInsensitive);
    const rb = rulesForKey(rulesB[category], bKey, caseInsensitive);
    if (!ra && !rb) {
      if (!sameExact(name, String(ea), String(eb)))
        return { id: 'value-not-implied', element, args: { b: eb, detail: `equals ${JSON.stringify(ea)}` } };
      continue;
    }
    // B's exact value stands for every spelling B's comparison accepts ("a, b" and "a,b"): only a plain one is safe under A's rules
    if (ra && !rb && /[,;]/.test(String(eb)))
      return { id: 'value-not-implied', element, args: { b: eb, detail: ra.matchers.map((m) => m.match).join(', ') } };
    const failed = scalarImplied(
      { rules: rb, example: eb, cascaded: false, textual: true },
      { rules: ra, example: ea, cascaded: false, textual: true },
    );
    if (failed !== undefined) return { id: 'value-not-implied', element, args: { b: eb, detail: failed } };
  }
  return undefined;
}

/** Bodies: A's expected body elements required by B; JSON proven element-wise, anything else only when identical. */
export function bodySubsumed(
  label: string,
  a: { body?: unknown; contentType?: string },
  b: { body?: unknown; contentType?: string },
  rulesA: Record<string, RuleList> | undefined,
  rulesB: Record<string, RuleList> | undefined,
): Stop | undefined {
  const element = `${label} $`;
  if (a.body === undefined) return undefined;
  if (b.body === undefined) return { id: 'element-not-required', element };
  const empty = (v: unknown) => v === null || v === '';
  if (empty(a.body))
    return empty(b.body)
      ? undefined
      : { id: 'value-not-implied', element, args: { b: b.body, detail: 'an empty body' } };
  const typeA = a.contentType ?? sniffContentType(a.body);
  const typeB = b.contentType ?? sniffContentType(b.body);
  if (isJsonType(typeA) && isJsonType(typeB) && typeof a.body !== 'string' && typeof b.body !== 'string') {
    return new JsonSubsumption(rulesA ?? {}, rulesB ?? {}, label).check(['$'], a.body, b.body);
  }
  if (
    canonicalJson({ t: typeA, body: a.body, rules: rulesA ?? {} }) ===
    canonicalJson({ t: typeB, body: b.body, rules: rulesB ?? {} })
  )
    return undefined;
  return { id: 'body-not-comparable', element, args: { detail: isJsonType(typeA) ? 'text' : typeA } };
}

export function responseSubsumed(a: HttpResponse, b: HttpResponse): Stop | undefined {
  const statusesA = new Set(acceptedStatuses(a));
  const extra = acceptedStatuses(b).find((s) => !statusesA.has(s));
  if (extra !== undefined) return { id: 'status-not-implied', element: 'response.status', args: { b: extra } };
  return (
    keyedSubsumed(
      'response.header',
      'header',
      a.headers,
      b.headers,
      a.matchingRules,
      b.matchingRules,
      sameHeaderValue,
      true,
    ) ??
    bodySubsumed(
      'response.body',
      { body: a.body, contentType: headerValue(a.headers, 'content-type') },
      { body: b.body, contentType: headerValue(b.headers, 'content-type') },
      a.matchingRules.body,
      b.matchingRules.body,
    )
  );
}

const metadataType = (m: Record<string, unknown>) => headerValue(m, 'contentType') ?? headerValue(m, 'content-type');
const contentRules = (r: MatchingRules) => r.content ?? r.body;

export function messageSubsumed(label: string, a: MessageContents, b: MessageContents): Stop | undefined {
  return (
    keyedSubsumed(
      `${label}.metadata`,
      'metadata',
      a.metadata,
      b.metadata,
      a.matchingRules,
      b.matchingRules,
      (_n, x, y) => x === y,
      false,
    ) ??
    bodySubsumed(
      `${label}.contents`,
      { body: a.contents, contentType: metadataType(a.metadata) },
      { body: b.contents, contentType: metadataType(b.metadata) },
      contentRules(a.matchingRules),
      contentRules(b.matchingRules),
    )
  );
}
