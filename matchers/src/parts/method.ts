import { mismatch, type Mismatch } from '../mismatch.ts';

/** HTTP methods are compared case-insensitively. */
export function matchMethod(expected: string, actual: string): Mismatch[] {
  return expected.toUpperCase() === actual.toUpperCase()
    ? []
    : [mismatch('method-mismatch', 'method', { expected: expected.toUpperCase(), actual: actual.toUpperCase() })];
}
