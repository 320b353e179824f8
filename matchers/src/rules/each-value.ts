import type { MatcherDefinition } from '../model/rules.ts';
import { fail, type Failure } from '../mismatch.ts';
import { render } from '../messages.ts';
import { isMap } from '../values.ts';
import type { MatchingRule } from './rule.ts';

/**
 * `eachValue` (v4): every value of the actual map (or element of the list) satisfies the rule's
 * `rules`, judged against the first example value; keys are free.
 */
export const eachValueRule: MatchingRule = {
  names: ['eachValue'],
  check: (input) => {
    if (input.cascaded) return [];
    const defs = Array.isArray(input.def.rules) ? (input.def.rules as MatcherDefinition[]) : undefined;
    if (!defs) return [fail('invalid-matcher', { name: 'eachValue', detail: 'needs a "rules" list' })];
    const entries = Array.isArray(input.actual)
      ? [...input.actual.entries()].map(([i, v]) => [String(i), v] as const)
      : isMap(input.actual)
        ? Object.entries(input.actual)
        : undefined;
    if (!entries) return [fail('values-mismatch', { actual: input.actual })];
    const examples = Array.isArray(input.expected)
      ? input.expected
      : isMap(input.expected)
        ? Object.values(input.expected)
        : [];
    const example = examples[0];
    const out: Failure[] = [];
    for (const [key, value] of entries) {
      const failures = input.applyAll(defs, example, value);
      if (failures.length)
        out.push(
          fail('each-value-mismatch', { name: key, detail: failures.map((f) => render(f.id, f.args)).join('; ') }),
        );
    }
    return out;
  },
};
