import { fail } from '../mismatch.ts';
import { deepEqual, isContainer, kindOf } from '../values.ts';
import type { MatchingRule } from './rule.ts';

/**
 * `equality`: the value equals the example. A collection that inherits equality is only checked
 * for kind here: its elements are then compared one by one, each with the rule that governs it.
 */
export const equalityRule: MatchingRule = {
  names: ['equality'],
  check: ({ expected, actual, cascaded }) => {
    const ok = cascaded && isContainer(actual) ? kindOf(expected) === kindOf(actual) : deepEqual(expected, actual);
    return ok ? [] : [fail('equality-mismatch', { expected, actual })];
  },
};
