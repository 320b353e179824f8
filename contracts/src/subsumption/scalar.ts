import { applyOne, noCompare } from '../../../matchers/src/apply.ts';
import { kindOf, deepEqual, type Kind } from '../../../matchers/src/values.ts';
import type { MatcherDefinition, RuleList } from '../pact/model.ts';

/** What one side accepts at one scalar element: its rules (if any) and its example. */
export interface Constraint {
  rules?: RuleList;
  example: unknown;
  cascaded: boolean;
  /** Header, query and metadata values: text, where numeric rules read strings. */
  textual: boolean;
}

const SAME_KIND_AS_EXAMPLE = new Set(['type', 'min', 'max', 'minType', 'maxType', 'equality', 'notEmpty']);
const ANY_KIND = 'any' as const;

/** The kinds of value a constraint can accept ('any' when we cannot tell). */
function matcherKinds(m: MatcherDefinition, example: unknown, textual: boolean): Set<Kind> | typeof ANY_KIND {
  if (textual) return new Set(['string']);
  if (SAME_KIND_AS_EXAMPLE.has(m.match)) return new Set([kindOf(example)]);
  switch (m.match) {
    case 'integer':
    case 'decimal':
    case 'number':
      return new Set(['number']);
    case 'boolean':
      return new Set(['boolean']);
    case 'null':
      return new Set(['null']);
    case 'date':
    case 'time':
    case 'timestamp':
    case 'datetime':
    case 'semver':
      return new Set(['string']);
    case 'regex':
    case 'include':
      // these read numbers and booleans as text, so they accept them too
      return new Set(['string', 'number', 'boolean']);
    default:
      return ANY_KIND;
  }
}

export function acceptedKinds(c: Constraint): Set<Kind> | typeof ANY_KIND {
  if (!c.rules) return c.textual ? new Set(['string']) : new Set([kindOf(c.example)]);
  const sets = c.rules.matchers.map((m) => matcherKinds(m, c.example, c.textual));
  if (c.rules.combine === 'OR') {
    if (sets.includes(ANY_KIND)) return ANY_KIND;
    return new Set(sets.flatMap((s) => [...(s as Set<Kind>)]));
  }
  const known = sets.filter((s): s is Set<Kind> => s !== ANY_KIND);
  if (!known.length) return ANY_KIND;
  const [first, ...rest] = known;
  const common = new Set(first);
  for (const s of rest) for (const k of common) if (!s.has(k)) common.delete(k);
  return common;
}

/** A constraint that accepts one value only: no rule, or an equality rule in an AND list. */
function exactValue(c: Constraint): { value: unknown } | undefined {
  if (!c.rules) return { value: c.example };
  if (c.rules.combine === 'AND' && c.rules.matchers.some((m) => m.match === 'equality')) return { value: c.example };
  return undefined;
}

const alias = (m: MatcherDefinition) => (m.match === 'datetime' ? { ...m, match: 'timestamp' } : m);
const kindsWithin = (k: Set<Kind> | typeof ANY_KIND, allowed: Kind[]) =>
  k !== ANY_KIND && [...k].every((x) => allowed.includes(x));

/** Does one rule of B guarantee rule `ma` of A? Only the cases we can prove; anything else is "no". */
function ruleImpliesRule(mb: MatcherDefinition, b: Constraint, ma: MatcherDefinition, a: Constraint): boolean {
  if (SAME_KIND_AS_EXAMPLE.has(ma.match)) return false; // judged by kinds, below
  if (deepEqual(alias(mb), alias(ma))) return true;
  if (ma.match === 'include' && mb.match === 'include' && typeof ma.value === 'string' && typeof mb.value === 'string')
    return mb.value.includes(ma.value);
  if (ma.match === 'number' && !a.textual) return ['integer', 'decimal'].includes(mb.match) && !b.textual;
  return false;
}

function implied(b: Constraint, ma: MatcherDefinition, a: Constraint): boolean {
  const exact = exactValue(b);
  if (exact)
    return (
      applyOne(ma, a.example, exact.value, { cascaded: a.cascaded, textual: a.textual, compare: noCompare }).length ===
      0
    );
  const kinds = acceptedKinds(b);
  if (
    ma.match === 'type' ||
    ma.match === 'min' ||
    ma.match === 'max' ||
    ma.match === 'minType' ||
    ma.match === 'maxType'
  ) {
    return kindsWithin(kinds, [kindOf(a.example)]);
  }
  if (ma.match === 'number' && !a.textual && kindsWithin(kinds, ['number'])) return true;
  if (ma.match === 'boolean' && !a.textual && kindsWithin(kinds, ['boolean'])) return true;
  if (ma.match === 'null' && kindsWithin(kinds, ['null'])) return true;
  if (ma.match === 'notEmpty') {
    if (!kindsWithin(kinds, [kindOf(a.example)])) return false;
    if (kindsWithin(kinds, ['number', 'boolean'])) return true;
  }
  const list = b.rules!;
  return list.combine === 'AND'
    ? list.matchers.some((mb) => ruleImpliesRule(mb, b, ma, a))
    : list.matchers.every((mb) => ruleImpliesRule(mb, b, ma, a));
}

/**
 * Every value B accepts here, A accepts too? Sound, not complete: "type within type", identical
 * regexes, integer within number, exact values checked with A's own rules; nothing else.
 * Returns the A rule that is not guaranteed, or undefined.
 */
export function scalarImplied(b: Constraint, a: Constraint): string | undefined {
  if (!a.rules) {
    const exact = exactValue(b);
    if (exact && (a.textual ? String(exact.value) === String(a.example) : deepEqual(exact.value, a.example)))
      return undefined;
    return `equals ${JSON.stringify(a.example)}`;
  }
  const results = a.rules.matchers.map((ma) => ({ ma, ok: implied(b, ma, a) }));
  if (a.rules.combine === 'OR')
    return results.some((r) => r.ok) ? undefined : a.rules.matchers.map((m) => m.match).join(' or ');
  return results.find((r) => !r.ok)?.ma.match;
}
