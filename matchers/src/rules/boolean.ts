import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `boolean`: true or false; in text values the strings "true" and "false". */
export const booleanRule: MatchingRule = {
  names: ['boolean'],
  check: (input) => {
    const failure = fail('boolean-mismatch', { actual: input.actual });
    return scalar(
      input,
      (v) => (typeof v === 'boolean' || (input.textual && (v === 'true' || v === 'false')) ? [] : [failure]),
      failure,
    );
  },
};
