import type { Request } from 'express';
import { ValidationError } from '../errors.ts';
import { message } from '../messages.ts';

/**
 * Rack's `parse_nested_query` (Rack 3), reproduced exactly, for the RAW query string.
 *
 * Pact clients build `/matrix?q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B&q[][latest]=true`. Grouping is
 * order dependent: `q[][k]` adds `k` to the last element of `q` unless that element already has `k`, in which case a
 * new element starts. Express's query parsers (qs, simple) lose that pairing, so this parses `req.originalUrl`.
 * Values are form-decoded (`+` is a space, `%2e` a dot); a malformed escape or a type clash is a 400.
 */
export type RackValue = string | null | RackValue[] | RackParams;
export interface RackParams {
  [key: string]: RackValue;
}

const DEPTH_LIMIT = 32;

const isHash = (v: unknown): v is RackParams => typeof v === 'object' && v !== null && !Array.isArray(v);

function unescapeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw ValidationError.of('query', message('query.bad-encoding', { value: s }));
  }
}

function hasKey(hash: RackParams, key: string): boolean {
  if (key.includes('[]')) return false;
  let h: RackValue = hash;
  for (const part of key.split(/[[\]]+/)) {
    if (part === '') continue;
    if (!isHash(h) || !Object.hasOwn(h, part)) return false;
    h = h[part];
  }
  return true;
}

function typeError(expected: string, k: string): never {
  throw ValidationError.of('query', message('query.wrong-shape', { expected, key: k }));
}

function normalize(
  params: RackParams,
  name: string | null,
  v: string | null,
  depth: number,
): RackParams | RackValue[] | undefined {
  if (depth >= DEPTH_LIMIT) throw ValidationError.of('query', message('query.too-deep'));
  let k: string;
  let after: string;
  if (name === null) {
    k = after = '';
  } else if (depth === 0) {
    const start = name.indexOf('[', 1);
    if (start > 0) {
      k = name.slice(0, start);
      after = name.slice(start);
    } else {
      k = name;
      after = '';
    }
  } else if (name.startsWith('[]')) {
    k = '[]';
    after = name.slice(2);
  } else if (name.startsWith('[') && name.indexOf(']', 1) > 0) {
    const start = name.indexOf(']', 1);
    k = name.slice(1, start);
    after = name.slice(start + 1);
  } else {
    k = name;
    after = '';
  }
  if (k === '') return undefined;

  if (after === '') {
    if (k === '[]' && depth !== 0) return [v];
    params[k] = v;
  } else if (after === '[') {
    params[name!] = v;
  } else if (after === '[]') {
    params[k] ??= [];
    const arr = params[k];
    if (!Array.isArray(arr)) typeError('an array', k);
    arr.push(v);
  } else if (after.startsWith('[]')) {
    let childKey = '';
    const inner = after.slice(3, after.length - 1);
    if (after[2] === '[' && after.endsWith(']') && inner !== '' && !inner.includes('[') && !inner.includes(']'))
      childKey = inner;
    else childKey = after.slice(2);
    params[k] ??= [];
    const arr = params[k];
    if (!Array.isArray(arr)) typeError('an array', k);
    const last = arr[arr.length - 1];
    if (isHash(last) && !hasKey(last, childKey)) normalize(last, childKey, v, depth + 1);
    else arr.push(normalize(Object.create(null) as RackParams, childKey, v, depth + 1) as RackValue);
  } else {
    params[k] ??= Object.create(null) as RackParams;
    const h = params[k];
    if (!isHash(h)) typeError('a hash', k);
    params[k] = normalize(h, after, v, depth + 1) as RackValue;
  }
  return params;
}

/** Parses a raw query string (without the leading `?`) as Rack does. */
export function parseNestedQuery(qs: string): RackParams {
  const params = Object.create(null) as RackParams;
  if (!qs) return params;
  for (const pair of qs.split(/& */)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = unescapeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? null : unescapeComponent(pair.slice(eq + 1));
    normalize(params, k, v, 0);
  }
  return params;
}

/** The raw query string of a request, parsed the Rack way. */
export function rackQuery(req: Request): RackParams {
  const url = req.originalUrl ?? req.url;
  const i = url.indexOf('?');
  return parseNestedQuery(i < 0 ? '' : url.slice(i + 1));
}

/** A scalar parameter as a string (arrays and hashes are not scalars). */
export function scalar(v: RackValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
