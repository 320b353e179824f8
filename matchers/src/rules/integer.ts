import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `integer`: a whole number; in headers, query and metadata (text) a string of digits. */
export const integerRule: MatchingRule = {
  names: ['integer'],
  check: (input) => {
    const failure = fail('integer-mismatch', { actual: input.actual });
    return scalar(
      input,
      (v) => {
        if (typeof v === 'number') return Number.isInteger(v) ? [] : [failure];
        return input.textual && typeof v === 'string' && /^-?\d+$/.test(v) ? [] : [failure];
      },
      failure,
    );
  },
};
