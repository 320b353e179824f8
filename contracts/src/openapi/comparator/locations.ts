/**
 * Turns the engine's locations (`[root].paths./pets/{id}.get.responses.200.content.application/json.schema`)
 * into rollgate JSON paths. The engine joins keys with dots although keys contain dots and slashes,
 * so the string is read against the actual JSON tree: at each step the longest key that fits wins.
 */
import { formatPath, type Segment } from '../json-path.ts';

export interface Resolved {
  /** Where the located value is in the file (after following internal `$ref`s). */
  segments: Segment[];
  /** Text of the engine location that did not resolve (empty when fully resolved). */
  rest: string;
  value: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function resolveEngineLocation(location: string, root: unknown): Resolved {
  let rest = location.replace(/^\[root\]/, '');
  let node = root;
  let segments: Segment[] = [];
  let hops = 0;
  while (rest) {
    const index = /^\[(\d+)\]/.exec(rest);
    if (index && Array.isArray(node) && Number(index[1]) < node.length) {
      node = node[Number(index[1])];
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    if (!rest.startsWith('.') || !isObject(node)) break;
    const tail = rest.slice(1);
    const key = longestKey(node, tail);
    if (key !== undefined) {
      node = node[key];
      segments.push(key);
      rest = tail.slice(key.length);
      continue;
    }
    // The engine reports schema paths as if refs were inlined: follow the ref to where the text is.
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#') && hops++ < 64) {
      const target = pointer(root, node.$ref);
      if (target) {
        ({ node, segments } = target);
        // Schema errors name the ref target again ("schema.components.schemas.Pet.properties..."): skip it.
        const again = `.${target.segments.join('.')}`;
        if (rest.startsWith(again) && /^($|[.[])/.test(rest.slice(again.length))) rest = rest.slice(again.length);
        continue;
      }
    }
    // Pact v4 bodies wrap the value as {content, contentType, encoded}; the engine locates into the value.
    if ('content' in node && ('contentType' in node || 'encoded' in node)) {
      node = node.content;
      segments.push('content');
      continue;
    }
    break;
  }
  return { segments, rest, value: node };
}

/** The longest key `k` with `tail === k` or `tail` continuing after `k`; header names match case-insensitively. */
function longestKey(node: Record<string, unknown>, tail: string): string | undefined {
  let best: string | undefined;
  const lower = tail.toLowerCase();
  for (const k of Object.keys(node)) {
    if (best !== undefined && k.length <= best.length) continue;
    const fits = (t: string, key: string) =>
      t === key || (t.startsWith(key) && (t[key.length] === '.' || t[key.length] === '['));
    if (fits(tail, k) || fits(lower, k.toLowerCase())) best = k;
  }
  return best;
}

function pointer(root: unknown, ref: string): { node: unknown; segments: Segment[] } | undefined {
  let node = root;
  const segments: Segment[] = [];
  for (const raw of ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      node = node[Number(key)];
      segments.push(Number(key));
    } else if (isObject(node) && key in node) {
      node = node[key];
      segments.push(key);
    } else return undefined;
  }
  return { node, segments };
}

/** The JSON path for an engine location; an unresolved remainder is kept as one quoted segment. */
export function toJsonPath(location: string, root: unknown): string {
  const { segments, rest } = resolveEngineLocation(location, root);
  const tail = rest.replace(/^\./, '');
  return formatPath(tail ? [...segments, tail] : segments);
}

/** `[root].interactions[3]...` -> 3 */
export function interactionIndexOf(location: string | undefined): number | undefined {
  const m = /^\[root\]\.(?:interactions|messages)\[(\d+)\]/.exec(location ?? '');
  return m ? Number(m[1]) : undefined;
}
