import { fail } from '../mismatch.ts';
import { isMap } from '../values.ts';
import type { MatchingRule } from './rule.ts';

/**
 * `values` (v3): the keys of the map are free; each actual value is compared with the example
 * value of the same key, or the first example value. The walker does the comparing: this rule
 * only checks that there is a map (or list) to walk.
 */
export const valuesRule: MatchingRule = {
  names: ['values'],
  check: ({ actual, cascaded }) =>
    cascaded || isMap(actual) || Array.isArray(actual) ? [] : [fail('values-mismatch', { actual })],
};
