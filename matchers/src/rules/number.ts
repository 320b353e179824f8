import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `number`: any number; in text values, a numeric string. */
export const numberRule: MatchingRule = {
  names: ['number'],
  check: (input) => {
    const failure = fail('number-mismatch', { actual: input.actual });
    return scalar(
      input,
      (v) => {
        if (typeof v === 'number') return Number.isFinite(v) ? [] : [failure];
        return input.textual && typeof v === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)
          ? []
          : [failure];
      },
      failure,
    );
  },
};
