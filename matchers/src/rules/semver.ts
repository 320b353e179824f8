import { fail } from '../mismatch.ts';
import type { MatchingRule } from './rule.ts';
import { scalar } from './support.ts';

// semver.org 2.0.0, the official expression
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** `semver` (v4): a semantic version string such as 1.2.3-rc.1+build.5. */
export const semverRule: MatchingRule = {
  names: ['semver'],
  check: (input) => {
    const failure = fail('semver-mismatch', { actual: input.actual });
    return scalar(input, (v) => (typeof v === 'string' && SEMVER.test(v) ? [] : [failure]), failure);
  },
};
