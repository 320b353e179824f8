/**
 * The one table of matching rules, keyed by the `match` value found in pact files.
 * Adding a rule: one file in this folder exporting a `MatchingRule`, one line below.
 */
import { arrayContainsRule } from './array-contains.ts';
import { booleanRule } from './boolean.ts';
import { contentTypeRule } from './content-type.ts';
import { dateRule } from './date.ts';
import { decimalRule } from './decimal.ts';
import { eachKeyRule } from './each-key.ts';
import { eachValueRule } from './each-value.ts';
import { equalityRule } from './equality.ts';
import { includeRule } from './include.ts';
import { integerRule } from './integer.ts';
import { maxRule } from './max.ts';
import { minRule } from './min.ts';
import { notEmptyRule } from './not-empty.ts';
import { nullRule } from './null.ts';
import { numberRule } from './number.ts';
import { regexRule } from './regex.ts';
import type { MatchingRule } from './rule.ts';
import { semverRule } from './semver.ts';
import { statusCodeRule } from './status-code.ts';
import { timeRule } from './time.ts';
import { timestampRule } from './timestamp.ts';
import { typeRule } from './type.ts';
import { valuesRule } from './values.ts';

export const ALL_RULES: readonly MatchingRule[] = [
  typeRule,
  minRule,
  maxRule,
  regexRule,
  equalityRule,
  includeRule,
  integerRule,
  decimalRule,
  numberRule,
  booleanRule,
  nullRule,
  dateRule,
  timeRule,
  timestampRule,
  arrayContainsRule,
  eachKeyRule,
  eachValueRule,
  valuesRule,
  contentTypeRule,
  semverRule,
  statusCodeRule,
  notEmptyRule,
];

export const RULES: ReadonlyMap<string, MatchingRule> = new Map(
  ALL_RULES.flatMap((r) => r.names.map((n) => [n, r] as const)),
);

export type { MatchingRule } from './rule.ts';
