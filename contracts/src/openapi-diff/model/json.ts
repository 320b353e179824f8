/** Small helpers over plain JSON documents: objects, pointers, canonical equality. */
import { canonicalJson } from '../../pact/canonical-json.ts';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export const asObject = (v: unknown): Json => (isObject(v) ? v : {});

/** One JSON-pointer segment: `~` and `/` escaped (RFC 6901). */
export const segment = (key: string | number) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

export const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
