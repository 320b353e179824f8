/**
 * Keywords no engine compares. When one of them differs between the documents, the answer is partial: a change
 * may be missing from the findings, and saying so is better than a silent "no breaking change". Most are JSON
 * Schema 2020-12 keywords of OpenAPI 3.1 (dynamic references, anchors); a few exist in 3.0 too.
 */
import { canonicalJson } from '../pact/canonical-json.ts';
import { isObject, type Json, segment } from './model/json.ts';
import type { UnseenChange } from './types.ts';

const UNSEEN = new Set([
  '$dynamicRef',
  '$dynamicAnchor',
  '$anchor',
  '$id',
  '$defs',
  'dependencies',
  'minProperties',
  'maxProperties',
  'multipleOf',
  'uniqueItems',
  'discriminator',
]);

/** Values under these keys are data, not schema: a `$id` inside an example is not a keyword. */
const DATA = new Set(['example', 'examples', 'default', 'enum', 'const']);

export function unseenChanges(base: Json, revision: Json): UnseenChange[] {
  const [b, r] = [occurrences(base), occurrences(revision)];
  const out: UnseenChange[] = [];
  for (const pointer of new Set([...b.keys(), ...r.keys()]))
    if (b.get(pointer) !== r.get(pointer)) out.push({ keyword: pointer.slice(pointer.lastIndexOf('/') + 1), pointer });
  return out.sort((x, y) => x.pointer.localeCompare(y.pointer));
}

function occurrences(doc: Json): Map<string, string> {
  const found = new Map<string, string>();
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length) {
    const [value, pointer] = stack.pop()!;
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) stack.push([value[i], `${pointer}/${i}`]);
    else if (isObject(value))
      for (const [k, v] of Object.entries(value)) {
        if (k.startsWith('x-') || DATA.has(k)) continue;
        if (UNSEEN.has(k)) found.set(pointer + segment(k), canonicalJson(v));
        else stack.push([v, pointer + segment(k)]);
      }
  }
  return found;
}
