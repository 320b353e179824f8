import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { sameType, sizeLimits } from './support.ts';

/** `min` (v2/v3 spelling) and `minType`: a collection of at least `min` elements, each of the example's type. */
export const minRule: MatchingRule = {
  names: ['min', 'minType'],
  check: (input) => [
    ...(sameType(input.expected, input.actual)
      ? []
      : [fail('type-mismatch', { expected: input.expected, actual: input.actual })]),
    ...(typeof input.def.min === 'number'
      ? sizeLimits(input, input.def.min, input.def.max)
      : [fail('invalid-matcher', { name: 'min', detail: 'needs a numeric "min"' })]),
  ],
};
