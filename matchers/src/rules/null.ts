import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';

/** `null`: the value is JSON null (a missing value is not null). */
export const nullRule: MatchingRule = {
  names: ['null'],
  check: ({ actual }) => (actual === null ? [] : [fail('null-mismatch', { actual })]),
};
