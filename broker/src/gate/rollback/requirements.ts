/**
 * Whether a version of another pacticipant satisfies a declared requirement (issue 21): by semver where both versions
 * are semver; otherwise, for `atLeast`, by the order the two versions were added to the other pacticipant's main
 * branch (so git-SHA versions work); a requirement it cannot decide is unknown, never satisfied.
 */
import semver from 'semver';
import type { Verdict } from './refs.ts';

export type Requirement = { atLeast: string; range?: undefined } | { range: string; atLeast?: undefined };

/** `position`: where a version sits on the other pacticipant's main branch (the broker looks up only those asked about). */
export function satisfies(
  requirement: Requirement,
  version: string,
  position: (version: string) => number | undefined,
): Verdict {
  if (requirement.range !== undefined) {
    if (semver.valid(version) === null || semver.validRange(requirement.range) === null) return 'unknown';
    return semver.satisfies(version, requirement.range) ? 'compatible' : 'incompatible';
  }
  const atLeast = requirement.atLeast;
  if (version === atLeast) return 'compatible'; // a version is at least itself, whatever its scheme
  if (semverBoth(version, atLeast)) return semver.gte(version, atLeast) ? 'compatible' : 'incompatible';
  const at = position(version);
  const floor = position(atLeast);
  if (at === undefined || floor === undefined) return 'unknown';
  return at >= floor ? 'compatible' : 'incompatible';
}

/** How a requirement reads: "at least 2.0.0", "within ^2.0.0". */
export const describeRequirement = (r: Requirement): string =>
  r.range !== undefined ? `within ${r.range}` : `at least ${r.atLeast}`;

/** Whether two versions can be compared by semver. */
export const semverBoth = (a: string, b: string): boolean => semver.valid(a) !== null && semver.valid(b) !== null;
