import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';

/** The status classes of the v4 `statusCode` matcher. */
export const STATUS_CLASSES: Record<string, (s: number) => boolean> = {
  info: (s) => s >= 100 && s < 200,
  success: (s) => s >= 200 && s < 300,
  redirect: (s) => s >= 300 && s < 400,
  clientError: (s) => s >= 400 && s < 500,
  serverError: (s) => s >= 500 && s < 600,
  nonError: (s) => s >= 100 && s < 400,
  error: (s) => s >= 400 && s < 600,
};

/** `statusCode` (v4): the response status is in a class (`success`...) or one of a list of codes. */
export const statusCodeRule: MatchingRule = {
  names: ['statusCode'],
  check: ({ def, actual }) => {
    const status = typeof actual === 'number' ? actual : Number(actual);
    const spec = def.status;
    if (typeof spec === 'string') {
      const inClass = STATUS_CLASSES[spec];
      if (!inClass) return [fail('invalid-matcher', { name: 'statusCode', detail: `unknown status class '${spec}'` })];
      return inClass(status) ? [] : [fail('status-code-mismatch', { actual, detail: `a ${spec} status` })];
    }
    if (Array.isArray(spec))
      return spec.map(Number).includes(status)
        ? []
        : [fail('status-code-mismatch', { actual, detail: `one of ${spec.join(', ')}` })];
    return [fail('invalid-matcher', { name: 'statusCode', detail: 'needs a "status" class or list of codes' })];
  },
};
