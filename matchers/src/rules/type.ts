import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { sameType, sizeLimits } from './support.ts';

/** `type`: the actual has the example's type; with `min`/`max` also bounds a collection's size (min/max-type). */
export const typeRule: MatchingRule = {
  names: ['type'],
  check: (input) => [
    ...(sameType(input.expected, input.actual)
      ? []
      : [fail('type-mismatch', { expected: input.expected, actual: input.actual })]),
    ...sizeLimits(input, input.def.min, input.def.max),
  ],
};
