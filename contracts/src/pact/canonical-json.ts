/**
 * Canonical JSON: object keys sorted at every depth, array order kept (order can be part of an
 * expectation). Used for content hashes, so that two pacts differing only in key order are one.
 *
 * The native serialiser does the writing. Before it, one walk re-creates only the objects whose keys
 * are out of order and shares every subtree that is already canonical: about twice as fast as a
 * replacer, which V8 calls for every value. The copies are ordinary objects (their shapes repeat, so
 * the serialiser stays on its fast path), with a "__proto__" key defined as an ordinary property.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value ?? null)) ?? 'null';
}

function canonicalize(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = canonicalize(v[i]);
      if (c === v[i]) continue;
      copy ??= v.slice();
      copy[i] = c;
    }
    return copy ?? v;
  }
  const source = v as Record<string, unknown>;
  const keys = Object.keys(source);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1] <= keys[i];
  if (!inOrder) {
    keys.sort();
    const copy: Record<string, unknown> = {};
    for (const k of keys) put(copy, k, canonicalize(source[k]));
    return copy;
  }
  let copy: Record<string, unknown> | undefined;
  for (const k of keys) {
    const c = canonicalize(source[k]);
    if (c === source[k]) continue;
    if (!copy) {
      copy = {};
      for (const k2 of keys) put(copy, k2, source[k2]);
    }
    put(copy, k, c);
  }
  return copy ?? v;
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
