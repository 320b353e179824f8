import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/**
 * `decimal`: a number with a fractional part. JSON.parse turns `1.0` into `1`, so a decimal
 * written with a zero fraction reads as an integer here (a known limit of JS numbers).
 */
export const decimalRule: MatchingRule = {
  names: ['decimal'],
  check: (input) => {
    const failure = fail('decimal-mismatch', { actual: input.actual });
    return scalar(
      input,
      (v) => {
        if (typeof v === 'number') return Number.isFinite(v) && !Number.isInteger(v) ? [] : [failure];
        return input.textual && typeof v === 'string' && /^-?\d*\.\d+$/.test(v) ? [] : [failure];
      },
      failure,
    );
  },
};
