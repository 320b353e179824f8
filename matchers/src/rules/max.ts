import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { sameType, sizeLimits } from './support.ts';

/** `max` and `maxType`: a collection of at most `max` elements, each of the example's type. */
export const maxRule: MatchingRule = {
  names: ['max', 'maxType'],
  check: (input) => [
    ...(sameType(input.expected, input.actual)
      ? []
      : [fail('type-mismatch', { expected: input.expected, actual: input.actual })]),
    ...(typeof input.def.max === 'number'
      ? sizeLimits(input, input.def.min, input.def.max)
      : [fail('invalid-matcher', { name: 'max', detail: 'needs a numeric "max"' })]),
  ],
};
