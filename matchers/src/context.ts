import type { RuleList } from './model/rules.ts';
import { parseSelector, pathWeight } from './path.ts';

/** The rule list that governs a value, and whether it was inherited from a parent (cascaded). */
export interface Selected {
  rules: RuleList;
  cascaded: boolean;
  selector: string;
}

/** Type-like matchers: their presence on a collection lets the actual hold more elements than the example. */
export const TYPE_LIKE = new Set([
  'type',
  'min',
  'max',
  'minType',
  'maxType',
  'values',
  'eachValue',
  'eachKey',
  'notEmpty',
]);

/**
 * The body-like rules of one category (body, content) for one match. A value may be known by
 * several paths (an XML child is both `$.a.b` and `$.a[0].b`); the heaviest selector over all of
 * them wins.
 */
export class RuleContext {
  private readonly parsed: {
    selector: string;
    tokens: NonNullable<ReturnType<typeof parseSelector>>;
    rules: RuleList;
  }[];

  constructor(
    readonly rules: Record<string, RuleList>,
    /** Requests and empty-expectation checks forbid unexpected keys; responses allow them. */
    readonly allowUnexpectedKeys: boolean,
  ) {
    this.parsed = Object.entries(rules).flatMap(([selector, list]) => {
      const tokens = parseSelector(selector);
      return tokens && list.matchers.length ? [{ selector, tokens, rules: list }] : [];
    });
  }

  withRules(rules: Record<string, RuleList>): RuleContext {
    return new RuleContext(rules, this.allowUnexpectedKeys);
  }

  select(paths: readonly (readonly string[])[]): Selected | undefined {
    let best: { w: number; len: number; sel: Selected } | undefined;
    for (const p of this.parsed) {
      for (const path of paths) {
        const w = pathWeight(p.tokens, path);
        if (w === 0) continue;
        const len = p.tokens.length;
        if (!best || w > best.w || (w === best.w && len > best.len)) {
          best = { w, len, sel: { rules: p.rules, cascaded: len < path.length, selector: p.selector } };
        }
      }
    }
    return best?.sel;
  }

  /** Whether any applicable rule (own or inherited) is type-like: collections then match by example. */
  typeDefined(paths: readonly (readonly string[])[]): boolean {
    return this.parsed.some(
      (p) =>
        paths.some((path) => pathWeight(p.tokens, path) > 0) && p.rules.matchers.some((m) => TYPE_LIKE.has(m.match)),
    );
  }

  /** Rule lists written for exactly this path (not inherited). */
  exact(paths: readonly (readonly string[])[]): RuleList[] {
    return this.parsed
      .filter((p) => paths.some((path) => p.tokens.length === path.length && pathWeight(p.tokens, path) > 0))
      .map((p) => p.rules);
  }
}

/**
 * Rules of a keyed category (header, query, metadata, path, status) for one key. v2 selectors
 * arrive as `Accept` or `['Content-Type']`, v3/v4 ones as plain names; path and status rules have
 * no key at all (`''` or `$`).
 */
export function rulesForKey(
  category: Record<string, RuleList> | undefined,
  key: string,
  caseInsensitive = false,
): RuleList | undefined {
  if (!category) return undefined;
  const norm = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  for (const [selector, rules] of Object.entries(category)) {
    if (!rules.matchers.length) continue;
    if (norm(keyOfSelector(selector)) === norm(key)) return rules;
  }
  return undefined;
}

function keyOfSelector(selector: string): string {
  let s = selector.trim();
  if (s === '$') return '';
  if (s.startsWith('$.')) s = s.slice(2);
  else if (s.startsWith('$')) s = s.slice(1);
  const bracket = /^\[\s*(['"])(.*)\1\s*\]$/.exec(s);
  return bracket ? bracket[2] : s;
}
