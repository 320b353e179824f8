/**
 * Canonical JSON: object keys sorted at every depth, array order kept (order can be part of an
 * expectation). Used for content hashes, so that two pacts differing only in key order are one.
 * The native serialiser does the work; the replacer only re-creates each object with sorted keys
 * (on a null prototype, so a "__proto__" key stays an ordinary key).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, sortKeys) ?? 'null';
}

function sortKeys(_key: string, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const source = v as Record<string, unknown>;
  const sorted: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(source).sort()) sorted[k] = source[k];
  return sorted;
}
