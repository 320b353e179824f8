/**
 * Local `$ref` resolution for one document. Chains are followed (bounded), and in 3.1 style a reference's sibling
 * keywords are laid over its target. A reference that leads nowhere resolves to an empty schema: a diff must not fail
 * on a dangling reference, and "accepts anything" is what a validator would make of it.
 */
import { isObject, type Json } from './json.ts';

const MAX_CHAIN = 32;

export interface Resolved {
  value: Json;
  /** The last reference followed (`#/components/schemas/Pet`), for cycle detection and matching. */
  ref?: string;
}

export function resolve(doc: Json, node: unknown): Resolved {
  let value: unknown = node;
  let ref: string | undefined;
  let siblings: Json | undefined;
  for (let i = 0; i < MAX_CHAIN && isObject(value) && typeof value.$ref === 'string'; i++) {
    const { $ref, ...rest } = value;
    if (Object.keys(rest).length) siblings = { ...rest, ...siblings };
    ref = $ref as string;
    value = lookup(doc, ref);
  }
  const target = isObject(value) && typeof value.$ref !== 'string' ? value : {};
  return { value: siblings ? { ...target, ...siblings } : target, ref };
}

function lookup(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
