import { applyRules, noCompare, type ApplyOptions } from '../apply.ts';
import type { RuleContext } from '../context.ts';
import { formatPath, mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import type { XmlElement } from './xml-parse.ts';

type Paths = string[][];

/**
 * XML bodies, compared the way the Pact implementations do: element names, attributes (`@name`),
 * child elements grouped by name, and text (`#text`). A child is known by two paths, `$.a.b` and
 * `$.a[0].b` (its position among the parent's children), because pact files use both spellings.
 */
export function compareXml(ctx: RuleContext, expected: XmlElement, actual: XmlElement): Mismatch[] {
  const out: Mismatch[] = [];
  element(ctx, [['$', expected.name]], expected, actual, out);
  return out;
}

const opts = (cascaded: boolean): ApplyOptions => ({ cascaded, textual: true, compare: noCompare });
const extend = (paths: Paths, segment: string): Paths => paths.map((p) => [...p, segment]);

function element(ctx: RuleContext, paths: Paths, e: XmlElement, a: XmlElement, out: Mismatch[]): void {
  const sel = ctx.select(paths);
  const where = formatPath(paths[0]);
  const failures = sel
    ? applyRules(sel.rules, e, a, opts(sel.cascaded)).map(toMismatch(where))
    : e.name === a.name && e.ns === a.ns
      ? []
      : [mismatch('xml-element-mismatch', where, { expected: e.name, actual: a.name })];
  if (failures.length) return void out.push(...failures);
  attributes(ctx, paths, e, a, out);
  children(ctx, paths, e, a, out);
  text(ctx, paths, e, a, out);
}

function value(
  ctx: RuleContext,
  paths: Paths,
  e: string,
  a: string,
  out: Mismatch[],
  id: 'value-mismatch' | 'xml-text-mismatch',
): void {
  const sel = ctx.select(paths);
  if (sel) out.push(...applyRules(sel.rules, e, a, opts(sel.cascaded)).map(toMismatch(formatPath(paths[0]))));
  else if (e !== a) out.push(mismatch(id, formatPath(paths[0]), { expected: e, actual: a }));
}

function attributes(ctx: RuleContext, paths: Paths, e: XmlElement, a: XmlElement, out: Mismatch[]): void {
  if (!ctx.allowUnexpectedKeys && [...a.attributes.keys()].some((k) => !e.attributes.has(k))) {
    out.push(
      mismatch('xml-attributes-unexpected', formatPath(paths[0]), {
        expected: e.attributes.size,
        actual: a.attributes.size,
      }),
    );
  }
  for (const [k, ev] of e.attributes) {
    const av = a.attributes.get(k);
    const p = extend(paths, `@${k}`);
    if (av === undefined) out.push(mismatch('xml-attribute-missing', formatPath(p[0]), { name: k, expected: ev }));
    else value(ctx, p, ev, av, out, 'value-mismatch');
  }
}

/** Children grouped by qualified name (namespace and local name), in document order. */
function groupByName(list: XmlElement[]): Map<string, { el: XmlElement; index: number }[]> {
  const groups = new Map<string, { el: XmlElement; index: number }[]>();
  list.forEach((el, index) => {
    const key = el.ns ? `${el.ns}:${el.name}` : el.name;
    const g = groups.get(key) ?? [];
    g.push({ el, index });
    groups.set(key, g);
  });
  return groups;
}

function children(ctx: RuleContext, paths: Paths, e: XmlElement, a: XmlElement, out: Mismatch[]): void {
  const where = formatPath(paths[0]);
  const expected = groupByName(e.children);
  const actual = groupByName(a.children);
  const childPaths = (name: string, index: number): Paths =>
    paths.flatMap((p) => [
      [...p, name],
      [...p, String(index), name],
    ]);
  for (const [key, group] of actual) {
    const name = group[0].el.name;
    const examples = expected.get(key);
    if (!examples) {
      if (!ctx.allowUnexpectedKeys || ctx.typeDefined(extend(paths, name)))
        out.push(mismatch('xml-child-unexpected', where, { name }));
      continue;
    }
    if (ctx.typeDefined(extend(paths, name))) {
      // matched by example: every actual child against the example at its position, or the first
      for (const [j, c] of group.entries()) {
        element(ctx, childPaths(name, c.index), (examples[j] ?? examples[0]).el, c.el, out);
      }
      continue;
    }
    const n = Math.max(examples.length, group.length);
    for (let j = 0; j < n; j++) {
      const ex = examples[j];
      const ac = group[j];
      if (ex && ac) element(ctx, childPaths(name, ac.index), ex.el, ac.el, out);
      else if (ex) out.push(mismatch('xml-child-missing', where, { name }));
      else if (!ctx.allowUnexpectedKeys) out.push(mismatch('xml-child-unexpected', where, { name }));
    }
  }
  for (const [key, group] of expected)
    if (!actual.has(key)) out.push(mismatch('xml-child-missing', where, { name: group[0].el.name }));
}

function text(ctx: RuleContext, paths: Paths, e: XmlElement, a: XmlElement, out: Mismatch[]): void {
  value(ctx, extend(paths, '#text'), e.text, a.text, out, 'xml-text-mismatch');
}
