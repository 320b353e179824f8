/**
 * The JSON paths rollgate writes into problems and findings (`$.paths["/pets/{id}"].get`), and
 * their inverse, so a path can be turned back into segments to find a line in the original file.
 */
export type Segment = string | number;

/** `.name` for identifiers, `["a/b"]` (a JSON string, so it parses back unambiguously) otherwise. */
export function pathSegment(key: Segment): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

export const formatPath = (segments: Segment[]): string => `$${segments.map(pathSegment).join('')}`;

/** Segments of a path written by formatPath; undefined if it is not one. */
export function parsePath(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: Segment[] = [];
  const re = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return out;
}
