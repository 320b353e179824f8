import { matchesDateFormat } from '../date-format.ts';
import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `date`: a string in the rule's Java-style `format` (v4) or `date` (v3) pattern, ISO 8601 by default. */
export const dateRule: MatchingRule = {
  names: ['date'],
  check: (input) => {
    const format = [input.def.format, input.def.date].find((f): f is string => typeof f === 'string');
    const failure = fail('date-mismatch', { actual: input.actual, name: 'date', detail: format ?? 'ISO 8601' });
    return scalar(
      input,
      (v) => {
        if (typeof v !== 'string') return [failure];
        const ok = matchesDateFormat(v, format, 'date');
        if (ok === null) return [fail('invalid-matcher', { name: 'date', detail: `unsupported format '${format}'` })];
        return ok ? [] : [failure];
      },
      failure,
    );
  },
};
