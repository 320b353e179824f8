import { XmlElement } from '../body/xml-parse.ts';
import { fail, type Failure } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar, text } from './support.ts';
import { fullMatch, isUsableRegex, regexTimeLimit } from '../regex/index.ts';

/** `regex`: the value (numbers and booleans as text; an XML element by its text) matches the expression. */
export const regexRule: MatchingRule = {
  names: ['regex'],
  check: (input) => {
    const source = input.def.regex;
    if (typeof source !== 'string')
      return [fail('invalid-matcher', { name: 'regex', detail: 'needs a string "regex"' })];
    if (!isUsableRegex(source))
      return [fail('invalid-matcher', { name: 'regex', detail: `'${source}' is not a valid regular expression` })];
    // Pact regexes must match the whole value (Java's `String.matches`): the specification's case "plain text regex
    // matching that does not match" rejects "alligator named brent" for `alligator named .{4}`.
    const judge = (value: string | undefined): Failure[] => {
      if (value === undefined) return [fail('regex-mismatch', { actual: input.actual, detail: source })];
      const answer = fullMatch(source, value);
      if (answer === 'match') return [];
      if (answer === 'timed-out')
        return [fail('regex-timed-out', { actual: input.actual, detail: source, limit: regexTimeLimit() })];
      return [fail('regex-mismatch', { actual: input.actual, detail: source })];
    };
    if (input.actual instanceof XmlElement) return judge(input.actual.text);
    return scalar(input, () => judge(text(input)), fail('regex-mismatch', { actual: input.actual, detail: source }));
  },
};
