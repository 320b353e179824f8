import { applyRules, type ApplyOptions } from '../apply.ts';
import { TYPE_LIKE, type RuleContext } from '../context.ts';
import { formatPath, mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import { deepEqual, kindOf } from '../values.ts';

const VALUES_MODE = new Set(['values', 'eachKey', 'eachValue']);

/**
 * Walks an expected JSON value and the actual one side by side. At each node the heaviest rule
 * decides; without one, maps need every expected key (and in requests, no others), lists need the
 * same elements in order, and scalars must be equal.
 */
export function compareJson(ctx: RuleContext, path: string[], expected: unknown, actual: unknown): Mismatch[] {
  const out: Mismatch[] = [];
  walk(ctx, path, expected, actual, out);
  return out;
}

function walk(ctx: RuleContext, path: string[], e: unknown, a: unknown, out: Mismatch[]): void {
  const paths = [path];
  const sel = ctx.select(paths);
  const where = formatPath(path);
  const opts: ApplyOptions = {
    cascaded: sel?.cascaded ?? false,
    textual: false,
    compare: (ex, ac, rules) => compareJson(ctx.withRules(rules), ['$'], ex, ac),
  };
  const ek = kindOf(e);
  const ak = kindOf(a);
  if (sel) out.push(...applyRules(sel.rules, e, a, opts).map(toMismatch(where)));

  if (ek === 'object' && ak === 'object') {
    walkMap(ctx, path, e as Record<string, unknown>, a as Record<string, unknown>, out);
    return;
  }
  if (ek === 'array' && ak === 'array') {
    const typeLike = sel?.rules.matchers.some((m) => TYPE_LIKE.has(m.match)) ?? false;
    walkList(ctx, path, e as unknown[], a as unknown[], typeLike, out);
    return;
  }
  if (!sel && !deepEqual(e, a))
    out.push(
      mismatch(ek === ak || ek === 'null' || ak === 'null' ? 'value-mismatch' : 'type-mismatch', where, {
        expected: e,
        actual: a,
      }),
    );
}

function walkMap(
  ctx: RuleContext,
  path: string[],
  e: Record<string, unknown>,
  a: Record<string, unknown>,
  out: Mismatch[],
): void {
  const exact = ctx.exact([path]);
  if (exact.some((l) => l.matchers.some((m) => VALUES_MODE.has(m.match)))) {
    // keys are free: each actual value is judged against the example of its key, or the first example
    const first = Object.values(e)[0];
    for (const [k, av] of Object.entries(a)) {
      const ev = k in e ? e[k] : first;
      if (ev !== undefined) walk(ctx, [...path, k], ev, av, out);
    }
    return;
  }
  for (const [k, ev] of Object.entries(e)) {
    if (k in a) walk(ctx, [...path, k], ev, a[k], out);
    else out.push(mismatch('key-missing', formatPath(path), { name: k, expected: ev }));
  }
  if (!ctx.allowUnexpectedKeys) {
    for (const k of Object.keys(a))
      if (!(k in e)) out.push(mismatch('key-unexpected', formatPath(path), { name: k, actual: a[k] }));
  }
}

function walkList(
  ctx: RuleContext,
  path: string[],
  e: unknown[],
  a: unknown[],
  typeLike: boolean,
  out: Mismatch[],
): void {
  // arrayContains judged the whole list against its variants already
  if (ctx.exact([path]).some((l) => l.matchers.some((m) => m.match === 'arrayContains'))) return;
  if (typeLike) {
    // a list matched by example: every actual element is judged against the example at its index, or the first
    if (e.length === 0) return;
    for (const [i, av] of a.entries()) walk(ctx, [...path, String(i)], e[i] ?? e[0], av, out);
    return;
  }
  if (e.length !== a.length)
    out.push(mismatch('list-length-mismatch', formatPath(path), { expected: e.length, actual: a.length }));
  e.forEach((ev, i) => {
    if (i < a.length) walk(ctx, [...path, String(i)], ev, a[i], out);
    else out.push(mismatch('list-item-missing', formatPath([...path, String(i)]), { expected: ev }));
  });
}
