import { matchesDateFormat } from '../date-format.ts';
import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

/** `timestamp`: a string in the rule's Java-style `format` (v4) or `timestamp` (v3) pattern, ISO 8601 by default. */
export const timestampRule: MatchingRule = {
  names: ['timestamp', 'datetime'],
  check: (input) => {
    const format = [input.def.format, input.def.timestamp].find((f): f is string => typeof f === 'string');
    const failure = fail('date-mismatch', { actual: input.actual, name: 'timestamp', detail: format ?? 'ISO 8601' });
    return scalar(
      input,
      (v) => {
        if (typeof v !== 'string') return [failure];
        const ok = matchesDateFormat(v, format, 'timestamp');
        if (ok === null)
          return [fail('invalid-matcher', { name: 'timestamp', detail: `unsupported format '${format}'` })];
        return ok ? [] : [failure];
      },
      failure,
    );
  },
};
