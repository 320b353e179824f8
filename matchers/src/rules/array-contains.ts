import type { MatcherDefinition, RuleList } from '../model/rules.ts';
import { fail, type Failure } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';

interface Variant {
  index: number;
  rules: Record<string, RuleList>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Variant rules are written like a body category (`{"$.id": {"matchers": [...]}}`), relative to the element. */
function variantRules(raw: unknown): Record<string, RuleList> {
  const out: Record<string, RuleList> = {};
  if (!isObject(raw)) return out;
  for (const [selector, value] of Object.entries(raw)) {
    if (!isObject(value)) continue;
    const list = Array.isArray(value.matchers) ? value.matchers : [value];
    out[selector] = {
      combine: value.combine === 'OR' ? 'OR' : 'AND',
      matchers: list.filter(isObject) as MatcherDefinition[],
    };
  }
  return out;
}

/**
 * `arrayContains` (v4): every variant (an example element of the expected list, with its own
 * rules) matches at least one element of the actual list, in any order; other elements may exist.
 */
export const arrayContainsRule: MatchingRule = {
  names: ['arrayContains'],
  check: (input) => {
    if (input.cascaded) return [];
    const { expected, actual } = input;
    if (!Array.isArray(actual)) return [fail('type-mismatch', { expected, actual })];
    const raw = input.def.variants;
    if (!Array.isArray(raw))
      return [fail('invalid-matcher', { name: 'arrayContains', detail: 'needs a "variants" list' })];
    const examples = Array.isArray(expected) ? expected : [];
    const out: Failure[] = [];
    raw.forEach((v, i) => {
      const variant: Variant = {
        index: isObject(v) && typeof v.index === 'number' ? v.index : i,
        rules: variantRules(isObject(v) ? v.rules : undefined),
      };
      const example = examples[variant.index];
      if (example === undefined) {
        out.push(
          fail('invalid-matcher', {
            name: 'arrayContains',
            detail: `variant ${i} names example ${variant.index}, which the list does not have`,
          }),
        );
        return;
      }
      if (!actual.some((item) => input.compare(example, item, variant.rules).length === 0)) {
        out.push(fail('array-contains-mismatch', { expected: example, limit: i }));
      }
    });
    return out;
  },
};
