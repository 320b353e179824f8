import { RuleContext, TYPE_LIKE, type Selected } from '../../../matchers/src/context.ts';
import { formatPath } from '../../../matchers/src/mismatch.ts';
import { deepEqual, isContainer, kindOf } from '../../../matchers/src/values.ts';
import type { RuleList } from '../pact/model.ts';
import type { Stop } from './reasons.ts';
import { scalarImplied } from './scalar.ts';

const STRUCTURAL = new Set(['values', 'eachKey', 'eachValue', 'arrayContains']);
const structural = (lists: RuleList[]) => lists.flatMap((l) => l.matchers.filter((m) => STRUCTURAL.has(m.match)));
const typeLike = (sel?: Selected) => sel?.rules.matchers.some((m) => TYPE_LIKE.has(m.match)) ?? false;

/** Size bounds a list rule puts on the list it was written for; inherited rules bound nothing. */
function bounds(sel: Selected | undefined, example: unknown[]): [number, number] | undefined {
  if (!typeLike(sel)) return [example.length, example.length];
  if (sel!.cascaded) return [0, Infinity];
  if (sel!.rules.combine === 'OR' && sel!.rules.matchers.length > 1) return undefined;
  let min = 0;
  let max = Infinity;
  for (const m of sel!.rules.matchers) {
    if (typeof m.min === 'number') min = Math.max(min, m.min);
    if (typeof m.max === 'number') max = Math.min(max, m.max);
  }
  return [min, max];
}

/** The largest array index any selector names: beyond it, every index is governed alike. */
function maxNamedIndex(rules: Record<string, RuleList>): number {
  let n = 0;
  for (const s of Object.keys(rules))
    for (const m of s.matchAll(/\[(\d+)\]|\.(\d+)(?=\.|\[|$)/g)) n = Math.max(n, Number(m[1] ?? m[2]));
  return n;
}

/**
 * Proves, element by element, that every JSON value B's expectation accepts is accepted by A's.
 * Walks A's example: what A requires must be required by B, with a rule at least as strict.
 */
export class JsonSubsumption {
  private readonly a: RuleContext;
  private readonly b: RuleContext;
  private readonly horizon: number;

  constructor(
    rulesA: Record<string, RuleList>,
    rulesB: Record<string, RuleList>,
    private readonly label: string,
  ) {
    this.a = new RuleContext(rulesA, true);
    this.b = new RuleContext(rulesB, true);
    this.horizon = Math.max(maxNamedIndex(rulesA), maxNamedIndex(rulesB)) + 1;
  }

  check(path: string[], ea: unknown, eb: unknown): Stop | undefined {
    const element = `${this.label} ${formatPath(path)}`;
    if (eb === undefined) return { id: 'element-not-required', element };
    const selA = this.a.select([path]);
    const selB = this.b.select([path]);
    const ka = kindOf(ea);
    const kb = kindOf(eb);

    const structA = structural(this.a.exact([path]));
    const structB = structural(this.b.exact([path]));
    if (structA.length || structB.length) {
      // keys-free maps and arrayContains: proven only when both sides say exactly the same
      if (!deepEqual(structA, structB) || !deepEqual(ea, eb))
        return { id: 'rule-not-implied', element, args: { detail: [...structA, ...structB][0].match } };
    }
    if (!isContainer(ea)) {
      if (isContainer(eb)) return { id: 'kind-not-implied', element, args: { a: ka, b: kb } };
      const failed = scalarImplied(
        { rules: selB?.rules, example: eb, cascaded: selB?.cascaded ?? false, textual: false },
        { rules: selA?.rules, example: ea, cascaded: selA?.cascaded ?? false, textual: false },
      );
      return failed === undefined ? undefined : { id: 'value-not-implied', element, args: { b: eb, detail: failed } };
    }
    if (ka !== kb) return { id: 'kind-not-implied', element, args: { a: ka, b: kb } };
    // a collection rule other than type/min/max (say, equality on a whole object) must be the same on both sides
    const otherA =
      selA && !selA.cascaded
        ? selA.rules.matchers.filter((m) => !TYPE_LIKE.has(m.match) && !STRUCTURAL.has(m.match))
        : [];
    if (otherA.length && !(deepEqual(selA!.rules, selB?.rules) && deepEqual(ea, eb)))
      return { id: 'rule-not-implied', element, args: { detail: otherA[0].match } };

    if (ka === 'object') {
      const a = ea as Record<string, unknown>;
      const b = eb as Record<string, unknown>;
      for (const k of Object.keys(a)) {
        const stop = this.check([...path, k], a[k], b[k]);
        if (stop) return stop;
      }
      return undefined;
    }
    return this.list(
      path,
      element,
      ea as unknown[],
      eb as unknown[],
      selA,
      selB,
      structA.some((m) => m.match === 'arrayContains'),
    );
  }

  private list(
    path: string[],
    element: string,
    a: unknown[],
    b: unknown[],
    selA: Selected | undefined,
    selB: Selected | undefined,
    contains: boolean,
  ): Stop | undefined {
    if (contains) return undefined; // identical arrayContains on both sides (checked above)
    const ba = bounds(selA, a);
    const bb = bounds(selB, b);
    if (!ba || !bb) return { id: 'rule-not-implied', element, args: { detail: 'combine OR on a list' } };
    if (bb[0] < ba[0] || bb[1] > ba[1])
      return { id: 'length-not-implied', element, args: { a: range(ba), b: range(bb) } };
    const byExampleA = typeLike(selA);
    const byExampleB = typeLike(selB);
    if (byExampleA && a.length === 0) return undefined; // A accepts any elements
    if (byExampleB && b.length === 0)
      return { id: 'value-not-implied', element, args: { b: [], detail: 'elements like its example' } };
    // every index B can produce: its examples, then one more index standing for all later ones
    const last = byExampleB ? Math.min(bb[1], Math.max(a.length, b.length, this.horizon) + 1) : b.length;
    for (let i = 0; i < last; i++) {
      const eb = byExampleB ? (b[i] ?? b[0]) : b[i];
      const ea = byExampleA ? (a[i] ?? a[0]) : a[i];
      const stop = this.check([...path, String(i)], ea, eb);
      if (stop) return stop;
    }
    return undefined;
  }
}

const range = ([min, max]: [number, number]) =>
  min === max ? `${min}` : `${min} to ${max === Infinity ? 'any number of' : max}`;
