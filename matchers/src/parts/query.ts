import type { MatchingRules } from '../model/rules.ts';
import { applyRules, noCompare } from '../apply.ts';
import { rulesForKey } from '../context.ts';
import { mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import { fail } from '../mismatch.ts';

/**
 * Query parameters: every expected parameter present with its values in order (or satisfying its
 * rules, each value against the example at its position or the first), and no unexpected ones.
 * Parameter order between names does not matter.
 */
export function matchQuery(
  expected: Record<string, string[]>,
  actual: Record<string, string[]>,
  rules: MatchingRules,
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [name, values] of Object.entries(expected)) {
    const got = actual[name];
    const where = `query.${name}`;
    if (got === undefined) {
      out.push(mismatch('query-missing', where, { name, expected: values }));
      continue;
    }
    const list = rulesForKey(rules.query, name);
    if (list) {
      const opts = { cascaded: false, textual: true, compare: noCompare };
      for (const [i, v] of got.entries()) {
        out.push(...applyRules(list, values[i] ?? values[0], v, opts).map(toMismatch(where)));
      }
      for (const m of list.matchers) {
        if (typeof m.min === 'number' && got.length < m.min)
          out.push(toMismatch(where)(fail('min-mismatch', { actual: got, limit: m.min })));
        if (typeof m.max === 'number' && got.length > m.max)
          out.push(toMismatch(where)(fail('max-mismatch', { actual: got, limit: m.max })));
      }
    } else if (values.length !== got.length || values.some((v, i) => v !== got[i])) {
      out.push(mismatch('query-value-mismatch', where, { name, expected: values, actual: got }));
    }
  }
  for (const [name, values] of Object.entries(actual)) {
    if (!(name in expected)) out.push(mismatch('query-unexpected', `query.${name}`, { name, actual: values }));
  }
  return out;
}
