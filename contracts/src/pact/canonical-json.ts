/**
 * Canonical JSON: object keys sorted at every depth, array order kept (order can be part of an
 * expectation). Used for content hashes, so that two pacts differing only in key order are one.
 *
 * The native serialiser does the writing. Before it, one walk re-creates only the objects whose keys
 * are out of order (on a null prototype, so a "__proto__" key stays an ordinary key) and shares every
 * subtree that is already canonical: cheaper than a replacer, which V8 calls for every value.
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
      if (c !== v[i]) (copy ??= v.slice())[i] = c;
    }
    return copy ?? v;
  }
  const source = v as Record<string, unknown>;
  const keys = Object.keys(source);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1] <= keys[i];
  let copy: Record<string, unknown> | undefined;
  if (!inOrder) {
    keys.sort();
    copy = Object.create(null) as Record<string, unknown>;
    for (const k of keys) copy[k] = canonicalize(source[k]);
    return copy;
  }
  for (const k of keys) {
    const c = canonicalize(source[k]);
    if (c === source[k]) continue;
    if (!copy) {
      copy = Object.create(null) as Record<string, unknown>;
      for (const k2 of keys) copy[k2] = source[k2];
    }
    copy[k] = c;
  }
  return copy ?? v;
}
