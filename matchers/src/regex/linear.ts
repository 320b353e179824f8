import { RE2JS } from 're2js';

/** A compiled pattern that can only say yes or no, in time linear in the input. */
export interface LinearPattern {
  fullMatch(value: string): boolean;
}

/**
 * Compiles a pact regex (JavaScript or JVM syntax: `(?i)` and the other inline flags are RE2's too) with re2js, a
 * pure-JavaScript port of RE2: no backtracking, so `^(a+)+$` against `aaaa…!` answers in microseconds instead of
 * exponential time. Undefined when RE2 cannot express it (lookaround, backreferences) or it is not a regex at all.
 */
export function compileLinear(source: string): LinearPattern | undefined {
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source));
    return { fullMatch: (value) => re.matches(value) };
  } catch {
    return undefined;
  }
}
