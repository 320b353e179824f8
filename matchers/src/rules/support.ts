import { fail, type Failure } from '../mismatch.ts';
import { isContainer, kindOf, sizeOf } from '../values.ts';
import { XmlElement } from '../body/xml-parse.ts';
import type { RuleInput } from './rule.ts';

/** Same JSON kind (numbers are one kind); XML elements are the same type when their names are equal. */
export function sameType(expected: unknown, actual: unknown): boolean {
  if (expected === undefined) return true;
  if (expected instanceof XmlElement && actual instanceof XmlElement)
    return expected.name === actual.name && expected.ns === actual.ns;
  return kindOf(expected) === kindOf(actual);
}

/** min/max apply to the collection the rule was written for, never to values it cascades into. */
export function sizeLimits(input: RuleInput, min: unknown, max: unknown): Failure[] {
  if (input.cascaded) return [];
  const size = sizeOf(input.actual);
  if (size === undefined) return [];
  const out: Failure[] = [];
  if (typeof min === 'number' && size < min) out.push(fail('min-mismatch', { actual: input.actual, limit: min }));
  if (typeof max === 'number' && size > max) out.push(fail('max-mismatch', { actual: input.actual, limit: max }));
  return out;
}

/**
 * Value rules (regex, integer, date...) judge scalars. Inherited by a collection they say nothing
 * (its elements are judged in turn); written for a collection, the collection fails them.
 */
export function scalar(input: RuleInput, judge: (actual: unknown) => Failure[], onContainer: Failure): Failure[] {
  if (isContainer(input.actual)) return input.cascaded ? [] : [onContainer];
  return judge(input.actual);
}

export function text(input: RuleInput): string | undefined {
  const v = input.actual;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
