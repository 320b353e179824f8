import type { MatcherDefinition, RuleList } from './model/rules.ts';
import { fail, type Failure, type Mismatch } from './mismatch.ts';
import { RULES } from './rules/index.ts';
import type { RuleInput } from './rules/rule.ts';

export interface ApplyOptions {
  cascaded: boolean;
  textual: boolean;
  compare: RuleInput['compare'];
}

/** Applies one rule definition; an unknown rule fails, so a pact never passes by being misread. */
export function applyOne(def: MatcherDefinition, expected: unknown, actual: unknown, opts: ApplyOptions): Failure[] {
  const rule = RULES.get(def.match);
  if (!rule) return [fail('unknown-matcher', { name: def.match })];
  return rule.check({
    def,
    expected,
    actual,
    cascaded: opts.cascaded,
    textual: opts.textual,
    applyAll: (defs, e, a) => defs.flatMap((d) => applyOne(d, e, a, { ...opts, cascaded: false })),
    compare: opts.compare,
  });
}

/** A rule list with its combine logic: AND needs every rule, OR any one of them. */
export function applyRules(list: RuleList, expected: unknown, actual: unknown, opts: ApplyOptions): Failure[] {
  const results = list.matchers.map((def) => applyOne(def, expected, actual, opts));
  if (list.combine === 'OR' && results.some((r) => r.length === 0)) return [];
  return results.flat();
}

export const noCompare = (): Mismatch[] => [];
