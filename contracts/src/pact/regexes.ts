import type { MatchingRules, Pact } from './model.ts';

/**
 * The first regex matcher in a pact that does not compile as a JavaScript regular expression, with
 * where it is. Such a pact is not refused (a JVM regex such as "(?i)..." is valid for a JVM verifier),
 * but no static check can say it is satisfied: comparisons answer "unknown" for it.
 */
export function firstUnusableRegex(pact: Pact): { path: string; regex: string } | undefined {
  const check = (rules: MatchingRules, at: string) => {
    for (const [category, selectors] of Object.entries(rules)) {
      for (const [selector, list] of Object.entries(selectors)) {
        for (const m of list.matchers) {
          if (m.match !== 'regex' || typeof m.regex !== 'string') continue;
          try {
            new RegExp(m.regex);
          } catch {
            return { path: `${at}.matchingRules.${category}["${selector}"]`, regex: m.regex };
          }
        }
      }
    }
    return undefined;
  };
  for (const i of pact.interactions) {
    const at = `$.${pact.container}[${i.index}]`;
    const found =
      i.kind === 'http'
        ? (check(i.request.matchingRules, `${at}.request`) ?? check(i.response.matchingRules, `${at}.response`))
        : i.kind === 'message'
          ? check(i.matchingRules, at)
          : (check(i.request.matchingRules, `${at}.request`) ??
            i.response.map((r, n) => check(r.matchingRules, `${at}.response[${n}]`)).find(Boolean));
    if (found) return found;
  }
  return undefined;
}
