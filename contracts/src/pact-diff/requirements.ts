import { RuleContext, TYPE_LIKE } from '../../../matchers/src/context.ts';
import { formatPath } from '../../../matchers/src/mismatch.ts';
import { canonicalJson } from '../pact/canonical-json.ts';
import type { Interaction, MatchingRules, MessageContents, RuleList } from '../pact/model.ts';

/** One thing an interaction asks of the provider: an element and what it must be. */
export interface Requirement {
  element: string;
  expectation: string;
}

const MAX_VALUE = 60;
const show = (v: unknown) => {
  const s = canonicalJson(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
};

function describeRules(list: RuleList, inherited: string | undefined): string {
  const one = list.matchers
    .map((m) => {
      const extra = Object.entries(m)
        .filter(([k]) => k !== 'match')
        .map(([k, v]) => `${k}=${show(v)}`)
        .join(' ');
      return extra ? `${m.match}(${extra})` : m.match;
    })
    .join(list.combine === 'OR' ? ' or ' : ' and ');
  return inherited ? `${one} (inherited from ${inherited})` : one;
}

/** Flattens a JSON body into one requirement per element, with the rule (own or inherited) that governs it. */
function bodyRequirements(
  label: string,
  body: unknown,
  rules: Record<string, RuleList> | undefined,
  out: Requirement[],
): void {
  if (body === undefined) return;
  const ctx = new RuleContext(rules ?? {}, true);
  const walk = (path: string[], v: unknown) => {
    const sel = ctx.select([path]);
    const element = `${label} ${formatPath(path)}`;
    const ruled = sel ? describeRules(sel.rules, sel.cascaded ? sel.selector : undefined) : undefined;
    if (Array.isArray(v)) {
      const byExample = sel?.rules.matchers.some((m) => TYPE_LIKE.has(m.match));
      out.push({
        element,
        expectation: byExample
          ? `a list matching ${ruled}`
          : `a list of exactly ${v.length}${ruled ? `, ${ruled}` : ''}`,
      });
      // a list matched by example asks for elements like its first example only
      for (const [i, x] of (byExample ? v.slice(0, 1) : v).entries()) walk([...path, String(i)], x);
    } else if (v !== null && typeof v === 'object') {
      out.push({ element, expectation: ruled ? `an object, ${ruled}` : 'an object' });
      for (const [k, x] of Object.entries(v)) walk([...path, k], x);
    } else out.push({ element, expectation: ruled ? `${ruled}, like ${show(v)}` : `equals ${show(v)}` });
  };
  if (typeof body === 'string' && !Object.keys(rules ?? {}).length)
    out.push({ element: `${label} $`, expectation: `equals ${show(body)}` });
  else walk(['$'], body);
}

function keyed(
  label: string,
  values: Record<string, unknown>,
  rules: Record<string, RuleList> | undefined,
  out: Requirement[],
): void {
  for (const [k, v] of Object.entries(values)) {
    const r =
      rules &&
      Object.entries(rules).find(([sel]) => sel.replace(/^\$\.?|\['|'\]/g, '').toLowerCase() === k.toLowerCase())?.[1];
    out.push({
      element: `${label}.${k}`,
      expectation: r ? `${describeRules(r, undefined)}, like ${show(v)}` : `equals ${show(v)}`,
    });
  }
}

function message(label: string, m: MessageContents, out: Requirement[]): void {
  keyed(`${label}.metadata`, m.metadata, m.matchingRules.metadata, out);
  bodyRequirements(`${label}.contents`, m.contents, m.matchingRules.content ?? m.matchingRules.body, out);
}

const rulesOf = (r: MatchingRules, category: string) => r[category]?.[''] ?? r[category]?.$;

/** Everything an interaction asks for, in a stable order. */
export function requirementsOf(i: Interaction): Requirement[] {
  const out: Requirement[] = [];
  const states = i.providerStates.map((s) => (s.params ? `${s.name} ${show(s.params)}` : s.name)).join('; ');
  out.push({ element: 'provider states', expectation: states ? `given ${states}` : 'none' });
  if (i.kind === 'http') {
    const q = new URLSearchParams(
      Object.entries(i.request.query).flatMap(([k, vs]) => vs.map((v) => [k, v])),
    ).toString();
    out.push({ element: 'request', expectation: `${i.request.method} ${i.request.path}${q ? `?${q}` : ''}` });
    keyed(
      'request.header',
      Object.fromEntries(Object.entries(i.request.headers).map(([k, v]) => [k.toLowerCase(), v])),
      undefined,
      out,
    );
    if (i.request.body !== undefined)
      out.push({ element: 'request.body', expectation: `equals ${show(i.request.body)}` });
    const status = rulesOf(i.response.matchingRules, 'status');
    out.push({
      element: 'response.status',
      expectation: status ? describeRules(status, undefined) : `equals ${i.response.status}`,
    });
    keyed('response.header', i.response.headers, i.response.matchingRules.header, out);
    bodyRequirements('response.body', i.response.body, i.response.matchingRules.body, out);
  } else if (i.kind === 'message') message('message', i, out);
  else {
    message('request', i.request, out);
    for (const [n, r] of i.response.entries()) message(`response[${n}]`, r, out);
  }
  return out;
}
