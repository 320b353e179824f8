import { fail } from '../mismatch.ts';
import { kindOf, sizeOf } from '../values.ts';
import type { MatchingRule } from './rule.ts';
import { sameType } from './support.ts';

/** `notEmpty` (v4): present, not null, not "", [] or {}; and of the example's type. */
export const notEmptyRule: MatchingRule = {
  names: ['notEmpty'],
  check: ({ expected, actual, cascaded }) => {
    const k = kindOf(actual);
    const empty =
      k === 'missing' ||
      k === 'null' ||
      actual === '' ||
      sizeOf(actual) === 0 ||
      (k === 'object' && Object.keys(actual as object).length === 0);
    if (cascaded && !empty) return sameType(expected, actual) ? [] : [fail('type-mismatch', { expected, actual })];
    if (empty) return [fail('not-empty-mismatch', { actual })];
    return sameType(expected, actual) ? [] : [fail('type-mismatch', { expected, actual })];
  },
};
