/**
 * The operations of a document, keyed so that the same operation matches across versions: the method and the path
 * template with parameter names blanked (`/pets/{id}` and `/pets/{petId}` are one operation, as in oasdiff).
 * Path-level parameters are merged into each operation (an operation's own parameter wins).
 */
import { asObject, isObject, type Json, segment } from './json.ts';
import { resolve } from './refs.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const UNSTABLE = new Set(['draft', 'alpha']);

interface Parameter {
  /** Matching key: `query:limit`, `header:x-trace` (case-insensitive), `path:#0` (by position in the template). */
  key: string;
  name: string;
  in: string;
  value: Json;
  pointer: string;
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  /** Key of the path alone (`/pets/{}`), to tell a removed path from a removed method. */
  pathKey: string;
  value: Json;
  pointer: string;
  parameters: Map<string, Parameter>;
}

export const pathKeyOf = (path: string) => path.replace(/\{[^}]*\}/g, '{}');

export function operationsOf(doc: Json): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(asObject(doc.paths))) {
    const itemPointer = `/paths${segment(path)}`;
    const item = resolve(doc, rawItem).value;
    const pathParams = parametersOf(doc, path, item.parameters, `${itemPointer}/parameters`);
    for (const method of METHODS) {
      // Draft and alpha operations promise nothing (oasdiff's x-stability-level): their changes are not judged.
      if (!isObject(item[method]) || UNSTABLE.has(String((item[method] as Json)['x-stability-level']))) continue;
      const pointer = `${itemPointer}/${method}`;
      const value = item[method] as Json;
      const parameters = new Map(pathParams);
      for (const [k, p] of parametersOf(doc, path, value.parameters, `${pointer}/parameters`)) parameters.set(k, p);
      const pathKey = pathKeyOf(path);
      ops.set(`${method} ${pathKey}`, {
        key: `${method} ${pathKey}`,
        method,
        path,
        pathKey,
        value,
        pointer,
        parameters,
      });
    }
  }
  return ops;
}

function parametersOf(doc: Json, path: string, list: unknown, pointer: string): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  if (!Array.isArray(list)) return out;
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  list.forEach((raw, i) => {
    const value = resolve(doc, raw).value;
    const name = typeof value.name === 'string' ? value.name : '';
    const where = typeof value.in === 'string' ? value.in : '';
    if (!name || !where) return;
    const position = templateNames.indexOf(name);
    const key =
      where === 'path' && position >= 0
        ? `path:#${position}`
        : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
    out.set(key, { key, name, in: where, value, pointer: `${pointer}/${i}` });
  });
  return out;
}
