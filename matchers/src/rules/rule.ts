import type { MatcherDefinition, RuleList } from '../model/rules.ts';
import type { Failure, Mismatch } from '../mismatch.ts';

/** What a matching rule sees when it judges one actual value. */
export interface RuleInput {
  def: MatcherDefinition;
  expected: unknown;
  actual: unknown;
  /** The rule was written for a parent of this value and reached it by cascading. */
  cascaded: boolean;
  /** Values from headers, query, path and metadata are text: numeric rules read them as numbers. */
  textual: boolean;
  /** Apply other rule definitions to a value (eachKey, eachValue). */
  applyAll(defs: MatcherDefinition[], expected: unknown, actual: unknown): Failure[];
  /** Compare a whole value against an example under its own rules (arrayContains variants). */
  compare(expected: unknown, actual: unknown, rules: Record<string, RuleList>): Mismatch[];
}

export interface MatchingRule {
  /** The `match` values this rule implements (aliases such as `timestamp`/`datetime`). */
  names: readonly string[];
  check(input: RuleInput): Failure[];
}
