import { XmlElement } from './body/xml-parse.ts';

/** The kinds of value a rule can meet: JSON kinds, plus XML elements from XML bodies. */
export type Kind = 'missing' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'xml';

export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (v instanceof XmlElement) return 'xml';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'boolean' || t === 'number' || t === 'string') return t;
  return 'object';
}

export const isMap = (v: unknown): v is Record<string, unknown> => kindOf(v) === 'object';
export const isContainer = (v: unknown): boolean => ['array', 'object', 'xml'].includes(kindOf(v));

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (ka === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => k in y && deepEqual(x[k], y[k]));
  }
  if (ka === 'xml') return (a as XmlElement).toString() === (b as XmlElement).toString();
  return false;
}

/** Size of a collection for min/max: list length, map size, XML child count. */
export function sizeOf(v: unknown): number | undefined {
  const k = kindOf(v);
  if (k === 'array') return (v as unknown[]).length;
  if (k === 'xml') return (v as XmlElement).children.length;
  return undefined;
}
