import { fail } from '../mismatch.ts';
import { baseType, sniffContentType } from '../content-type.ts';
import type { MatchingRule } from './rule.ts';

/** `contentType` (v4): the value's content looks like the given media type (JSON, XML, text...). */
export const contentTypeRule: MatchingRule = {
  names: ['contentType'],
  check: ({ def, actual, cascaded }) => {
    if (cascaded) return [];
    if (typeof def.value !== 'string')
      return [fail('invalid-matcher', { name: 'contentType', detail: 'needs a string "value"' })];
    const seen = sniffContentType(actual);
    return baseType(seen) === baseType(def.value)
      ? []
      : [fail('content-type-mismatch', { expected: def.value, actual: seen })];
  },
};
