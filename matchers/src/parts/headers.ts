import type { MatchingRules } from '../model/rules.ts';
import { applyRules, noCompare } from '../apply.ts';
import { sameMediaType } from '../content-type.ts';
import { rulesForKey } from '../context.ts';
import { mismatch, toMismatch, type Mismatch } from '../mismatch.ts';

const split = (v: string) => v.split(',').map((x) => x.trim());

/**
 * Headers: names are case-insensitive and extra actual headers are fine. Values compare as
 * comma-separated lists (spacing free); Content-Type and Accept compare as media types with parameters.
 */
export function matchHeaders(
  expected: Record<string, string>,
  actual: Record<string, string>,
  rules: MatchingRules,
): Mismatch[] {
  const out: Mismatch[] = [];
  const lower = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, value] of Object.entries(expected)) {
    const got = lower.get(name.toLowerCase());
    const where = `header.${name}`;
    if (got === undefined) {
      out.push(mismatch('header-missing', where, { name, expected: value }));
      continue;
    }
    const list = rulesForKey(rules.header, name, true);
    if (list)
      out.push(
        ...applyRules(list, value, got, { cascaded: false, textual: true, compare: noCompare }).map(toMismatch(where)),
      );
    else if (!sameHeaderValue(name, value, got))
      out.push(mismatch('header-value-mismatch', where, { name, expected: value, actual: got }));
  }
  return out;
}

export function sameHeaderValue(name: string, expected: string, actual: string): boolean {
  const n = name.toLowerCase();
  if (n === 'content-type') return sameMediaType(expected, actual);
  const e = split(expected);
  const a = split(actual);
  // Accept lists media types: each compares as one (charset case, parameter spacing free)
  const same = n === 'accept' ? sameMediaType : (x: string, y: string) => x === y;
  return e.length === a.length && e.every((v, i) => same(v, a[i]));
}
