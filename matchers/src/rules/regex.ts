import { XmlElement } from '../body/xml-parse.ts';
import { fail, type Failure } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar, text } from './support.ts';

const cache = new Map<string, RegExp | null>();

/**
 * Pact regexes must match the whole value (Java's `String.matches`): the specification's case
 * "plain text regex matching that does not match" rejects "alligator named brent" for
 * `alligator named .{4}`, which an unanchored search would accept.
 */
export function compileRegex(source: string): RegExp | null {
  let re = cache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`, 'u');
    } catch {
      try {
        re = new RegExp(`^(?:${source})$`);
      } catch {
        re = null;
      }
    }
    cache.set(source, re);
  }
  return re;
}

/** `regex`: the value (numbers and booleans as text; an XML element by its text) matches the expression. */
export const regexRule: MatchingRule = {
  names: ['regex'],
  check: (input) => {
    const source = input.def.regex;
    if (typeof source !== 'string')
      return [fail('invalid-matcher', { name: 'regex', detail: 'needs a string "regex"' })];
    const re = compileRegex(source);
    if (!re)
      return [fail('invalid-matcher', { name: 'regex', detail: `'${source}' is not a valid regular expression` })];
    const judge = (value: string | undefined): Failure[] =>
      value !== undefined && re.test(value) ? [] : [fail('regex-mismatch', { actual: input.actual, detail: source })];
    if (input.actual instanceof XmlElement) return judge(input.actual.text);
    return scalar(input, () => judge(text(input)), fail('regex-mismatch', { actual: input.actual, detail: source }));
  },
};
