/**
 * Walks a schema pair and every pair below it that exists on both sides: properties (allOf merged), array items,
 * object additionalProperties, and oneOf/anyOf members matched by reference or title (by position when both lists
 * have the same length). Reference cycles stop the walk; a budget bounds documents whose shared references would
 * otherwise make the walk explode.
 */
import { isObject, type Json, segment } from './json.ts';
import { resolve } from './refs.ts';
import { membersOf, shapeOf } from './schema.ts';
import { childPlace, type SchemaPair } from './schema-pair.ts';

export interface WalkBudget {
  remaining: number;
}

export function walkSchemas(
  docs: { base: Json; revision: Json },
  root: SchemaPair,
  visit: (pair: SchemaPair) => void,
  budget: WalkBudget,
): void {
  const onPath = new Set<string>();
  const walk = (pair: SchemaPair, refs: { base?: string; revision?: string }) => {
    const cycleKey = refs.base || refs.revision ? `${refs.base}|${refs.revision}` : undefined;
    if (cycleKey && onPath.has(cycleKey)) return;
    if (budget.remaining-- <= 0) return;
    if (cycleKey) onPath.add(cycleKey);
    visit(pair);
    for (const child of children(docs, pair)) walk(child.pair, child.refs);
    if (cycleKey) onPath.delete(cycleKey);
  };
  walk(root, {});
}

/**
 * Keywords holding one subschema, walked like `items`. `not` is walked without inverting the direction, as oasdiff
 * does, so its findings read the same as oasdiff's.
 */
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;
const SUBSCHEMA_MAPS = ['patternProperties', 'dependentSchemas'] as const;

interface Child {
  pair: SchemaPair;
  refs: { base?: string; revision?: string };
}

function children(docs: { base: Json; revision: Json }, pair: SchemaPair): Child[] {
  const out: Child[] = [];
  const place = childPlace(pair.place);
  const sub = (name: string) => (pair.property ? `${pair.property}/${name}` : name);
  const b = shapeOf(docs.base, pair.base);
  const r = shapeOf(docs.revision, pair.revision);
  for (const [name, bp] of b.properties) {
    const rp = r.properties.get(name);
    if (!rp) continue;
    out.push({
      pair: {
        ...pair,
        base: bp.schema,
        revision: rp.schema,
        place,
        property: sub(name),
        basePointer: `${pair.basePointer}/properties${segment(name)}`,
        revisionPointer: `${pair.revisionPointer}/properties${segment(name)}`,
      },
      refs: { base: bp.ref, revision: rp.ref },
    });
  }
  const nested = (b: unknown, r: unknown, path: string) => {
    if (!isObject(b) || !isObject(r)) return;
    const bi = resolve(docs.base, b);
    const ri = resolve(docs.revision, r);
    out.push({
      pair: {
        ...pair,
        base: bi.value,
        revision: ri.value,
        place,
        property: sub(path.replace(/^\//, '')),
        basePointer: pair.basePointer + path,
        revisionPointer: pair.revisionPointer + path,
      },
      refs: { base: bi.ref, revision: ri.ref },
    });
  };
  for (const keyword of SUBSCHEMA) nested(pair.base[keyword], pair.revision[keyword], `/${keyword}`);
  for (const keyword of SUBSCHEMA_MAPS) {
    const [bm, rm] = [pair.base[keyword], pair.revision[keyword]];
    if (isObject(bm) && isObject(rm)) for (const k of Object.keys(bm)) nested(bm[k], rm[k], `/${keyword}${segment(k)}`);
  }
  const [bp, rp] = [pair.base.prefixItems, pair.revision.prefixItems];
  if (Array.isArray(bp) && Array.isArray(rp))
    bp.forEach((s, i) => {
      nested(s, rp[i], `/prefixItems/${i}`);
    });
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const bm = membersOf(docs.base, pair.base, keyword);
    const rm = membersOf(docs.revision, pair.revision, keyword);
    // Members with a reference or a title match by it (order may change); the others by position, when the
    // lists have the same length.
    const sameLength = bm.length === rm.length;
    bm.forEach((m, i) => {
      const keyed = !/^#\d/.test(m.key);
      const j = keyed ? rm.findIndex((x) => x.key === m.key) : sameLength && /^#\d/.test(rm[i].key) ? i : -1;
      if (j < 0) return;
      out.push({
        pair: {
          ...pair,
          base: m.schema,
          revision: rm[j].schema,
          basePointer: `${pair.basePointer}/${keyword}/${i}`,
          revisionPointer: `${pair.revisionPointer}/${keyword}/${j}`,
        },
        refs: { base: refOnly(m.key), revision: refOnly(rm[j].key) },
      });
    });
  }
  return out;
}

const refOnly = (key: string) => (key.startsWith('#/') ? key : undefined);
