import type { MatchingRules } from '../model/rules.ts';
import { applyRules, noCompare } from '../apply.ts';
import { rulesForKey } from '../context.ts';
import { mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import type { MismatchId } from '../messages.ts';

/**
 * The request path and the response status: one value each, compared for equality unless the
 * `path` / `status` category holds rules (v3/v4 write them without a selector).
 */
export function matchSingleValue(
  category: 'path' | 'status',
  id: MismatchId,
  expected: string | number,
  actual: string | number,
  rules: MatchingRules,
): Mismatch[] {
  const list = rulesForKey(rules[category], '');
  if (list)
    return applyRules(list, expected, actual, { cascaded: false, textual: true, compare: noCompare }).map(
      toMismatch(category),
    );
  return expected === actual ? [] : [mismatch(id, category, { expected, actual })];
}
