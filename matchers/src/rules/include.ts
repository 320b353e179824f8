import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar, text } from './support.ts';

/** `include`: the value, as text, contains the rule's `value`. */
export const includeRule: MatchingRule = {
  names: ['include'],
  check: (input) => {
    const needle = input.def.value;
    if (typeof needle !== 'string')
      return [fail('invalid-matcher', { name: 'include', detail: 'needs a string "value"' })];
    const failure = fail('include-mismatch', { expected: needle, actual: input.actual });
    return scalar(input, () => (text(input)?.includes(needle) ? [] : [failure]), failure);
  },
};
