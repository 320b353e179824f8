import type { MatcherDefinition } from '../model/rules.ts';
import { XmlElement } from '../body/xml-parse.ts';
import { fail, type Failure } from '../mismatch.ts';
import { render } from '../messages.ts';
import { isMap } from '../values.ts';
import type { MatchingRule } from './rule.ts';

/** `eachKey` (v4): every key of the actual map satisfies the rule's `rules`; values are compared as for `values`. */
export const eachKeyRule: MatchingRule = {
  names: ['eachKey'],
  check: (input) => {
    if (input.cascaded) return [];
    const defs = Array.isArray(input.def.rules) ? (input.def.rules as MatcherDefinition[]) : undefined;
    if (!defs) return [fail('invalid-matcher', { name: 'eachKey', detail: 'needs a "rules" list' })];
    const keys = isMap(input.actual)
      ? Object.keys(input.actual)
      : input.actual instanceof XmlElement
        ? [...input.actual.attributes.keys()]
        : undefined;
    if (!keys) return [fail('values-mismatch', { actual: input.actual })];
    const out: Failure[] = [];
    for (const key of keys) {
      const failures = input.applyAll(defs, key, key);
      if (failures.length)
        out.push(
          fail('each-key-mismatch', { name: key, detail: failures.map((f) => render(f.id, f.args)).join('; ') }),
        );
    }
    return out;
  },
};
