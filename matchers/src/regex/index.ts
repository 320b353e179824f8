/**
 * How pact regexes run (issue 16: catastrophic patterns held a comparison worker for a minute): RE2 (re2js, linear
 * time) for every pattern it can express, JavaScript's engine in a guarded worker with a hard time limit for the
 * rest. A timeout is its own answer, which rules report as `regex-timed-out`: never a match.
 */
import { guardedFullMatch } from './guarded.ts';
import { compileLinear, type LinearPattern } from './linear.ts';

export type RegexAnswer = 'match' | 'no-match' | 'invalid' | 'timed-out';

let limitMs = 1_000;

/** The time limit of one JavaScript-only regex match (default 1 s). */
export function setRegexTimeLimit(ms: number): void {
  limitMs = ms;
}

export function regexTimeLimit(): number {
  return limitMs;
}

type Compiled = { linear: LinearPattern } | { javascript: true } | { invalid: true };
const cache = new Map<string, Compiled>();
const MAX_CACHED = 1_000;

function compile(source: string): Compiled {
  let c = cache.get(source);
  if (!c) {
    const linear = compileLinear(source);
    if (linear) c = { linear };
    else c = isJavaScriptRegex(source) ? { javascript: true } : { invalid: true };
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(source, c);
  }
  return c;
}

function isJavaScriptRegex(source: string): boolean {
  for (const flags of ['u', '']) {
    try {
      new RegExp(`^(?:${source})$`, flags);
      return true;
    } catch {
      // try without the u flag
    }
  }
  return false;
}

/** Whether the whole of `value` matches `source` (Java's `String.matches`, as the Pact specification says). */
export function fullMatch(source: string, value: string): RegexAnswer {
  const c = compile(source);
  if ('linear' in c) return c.linear.fullMatch(value) ? 'match' : 'no-match';
  if ('invalid' in c) return 'invalid';
  return guardedFullMatch(source, value, limitMs);
}

/** Whether a pattern can be run at all (by either engine). */
export function isUsableRegex(source: string): boolean {
  return !('invalid' in compile(source));
}
