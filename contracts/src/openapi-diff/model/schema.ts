/** Reading one schema the way the rules need it: its types, nullability, and properties with allOf merged in. */
import { asObject, type Json } from './json.ts';
import { resolve } from './refs.ts';

/** The declared types without `null` (3.0 `type: x`, 3.1 `type: [x, "null"]`); empty when unconstrained. */
export function typesOf(s: Json): Set<string> {
  const t = s.type;
  const list = Array.isArray(t) ? t : typeof t === 'string' ? [t] : [];
  return new Set(list.filter((x): x is string => typeof x === 'string' && x !== 'null'));
}

export const isNullable = (s: Json): boolean =>
  s.nullable === true || (Array.isArray(s.type) && s.type.includes('null')) || s.type === 'null';

interface Property {
  schema: Json;
  ref?: string;
}

export interface ObjectShape {
  properties: Map<string, Property>;
  required: Set<string>;
}

/** Properties and `required` of a schema and of its allOf members (recursively, bounded), as one object. */
export function shapeOf(doc: Json, s: Json, depth = 0): ObjectShape {
  const properties = new Map<string, Property>();
  const required = new Set<string>();
  if (depth > 16) return { properties, required };
  for (const [name, raw] of Object.entries(asObject(s.properties))) {
    const { value, ref } = resolve(doc, raw);
    properties.set(name, { schema: value, ref });
  }
  if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') required.add(r);
  if (Array.isArray(s.allOf))
    for (const member of s.allOf) {
      const inner = shapeOf(doc, resolve(doc, member).value, depth + 1);
      for (const [k, v] of inner.properties) if (!properties.has(k)) properties.set(k, v);
      for (const r of inner.required) required.add(r);
    }
  return { properties, required };
}

/** The subschemas of `oneOf` / `anyOf` / `allOf`, resolved, each with a matching key (its reference, else its index). */
export function membersOf(doc: Json, s: Json, keyword: 'oneOf' | 'anyOf' | 'allOf'): { key: string; schema: Json }[] {
  const list = s[keyword];
  if (!Array.isArray(list)) return [];
  return list.map((raw, i) => {
    const { value, ref } = resolve(doc, raw);
    const title = typeof value.title === 'string' ? `title:${value.title}` : undefined;
    return { key: ref ?? title ?? `#${i}`, schema: value };
  });
}
