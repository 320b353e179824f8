import { matchesDateFormat } from '../date-format.ts';
import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `time`: a string in the rule's Java-style `format` (v4) or `time` (v3) pattern, ISO 8601 by default. */
export const timeRule: MatchingRule = {
  names: ['time'],
  check: (input) => {
    const format = [input.def.format, input.def.time].find((f): f is string => typeof f === 'string');
    const failure = fail('date-mismatch', { actual: input.actual, name: 'time', detail: format ?? 'ISO 8601' });
    return scalar(
      input,
      (v) => {
        if (typeof v !== 'string') return [failure];
        const ok = matchesDateFormat(v, format, 'time');
        if (ok === null) return [fail('invalid-matcher', { name: 'time', detail: `unsupported format '${format}'` })];
        return ok ? [] : [failure];
      },
      failure,
    );
  },
};
