import type { MatchingRules } from '../model/rules.ts';
import { applyRules, noCompare } from '../apply.ts';
import { sameMediaType } from '../content-type.ts';
import { rulesForKey } from '../context.ts';
import { mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import { deepEqual } from '../values.ts';

const CONTENT_TYPE_KEYS = new Set(['contenttype', 'content-type']);

/** Message metadata: every expected key present and equal (or satisfying its `metadata` rules); extra keys are fine. */
export function matchMetadata(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  rules: MatchingRules,
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [name, value] of Object.entries(expected)) {
    const where = `metadata.${name}`;
    if (!(name in actual)) {
      out.push(mismatch('metadata-missing', where, { name, expected: value }));
      continue;
    }
    const got = actual[name];
    const list = rulesForKey(rules.metadata, name);
    if (list)
      out.push(
        ...applyRules(list, value, got, { cascaded: false, textual: true, compare: noCompare }).map(toMismatch(where)),
      );
    else if (!sameValue(name, value, got))
      out.push(mismatch('metadata-value-mismatch', where, { name, expected: value, actual: got }));
  }
  return out;
}

function sameValue(name: string, e: unknown, a: unknown): boolean {
  if (CONTENT_TYPE_KEYS.has(name.toLowerCase()) && typeof e === 'string' && typeof a === 'string')
    return sameMediaType(e, a);
  return deepEqual(e, a) || (typeof e !== 'object' && typeof a !== 'object' && String(e) === String(a));
}
