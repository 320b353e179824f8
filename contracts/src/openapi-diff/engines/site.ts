/**
 * Where a library's finding points, read from its JSON path into the document: the operation, the part of it (a
 * parameter, the request body, a response, a header) and, inside a schema, the place and property path that
 * rollgate's rule ids are named after. The adapters map library findings onto oasdiff's ids from this.
 */
import { asObject, isObject, type Json } from '../model/json.ts';
import { resolve } from '../model/refs.ts';
import { childPlace, type Place } from '../model/schema-pair.ts';

export type Token = string | number;

export interface Site {
  operation?: { method: string; path: string };
  /** The tokens after `paths/{path}/{method}`. */
  rest: Token[];
  status?: string;
  mediaType?: string;
  parameter?: { name: string; in: string };
  header?: string;
  /** Inside a schema: where it sits, the property path, and the tokens after it (`['type']`, `['enum', 2]`). */
  place?: Place;
  property?: string;
  tail?: Token[];
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** `/paths/~1a/get/...` -> tokens. */
export const pointerTokens = (pointer: string): Token[] =>
  pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

export function siteOf(tokens: Token[], doc: Json): Site | undefined {
  if (tokens[0] !== 'paths' || tokens.length < 2) return undefined;
  const path = String(tokens[1]);
  if (tokens.length === 2) return { rest: [] };
  const method = String(tokens[2]);
  if (!METHODS.has(method)) return undefined;
  const site: Site = { operation: { method, path }, rest: tokens.slice(3) };
  const r = site.rest;
  if (r[0] === 'parameters' && r.length >= 2) {
    const op = asObject(asObject(asObject(doc.paths)[path])[method]);
    const p = resolve(doc, (op.parameters as unknown[] | undefined)?.[Number(r[1])]).value;
    site.parameter = { name: String(p.name ?? r[1]), in: String(p.in ?? '') };
    if (r[2] === 'schema') schemaSite(site, 'request-parameter', r.slice(3));
  } else if (r[0] === 'requestBody') {
    if (r[1] === 'content' && r.length >= 3) site.mediaType = String(r[2]);
    if (r[3] === 'schema') schemaSite(site, 'request-body', r.slice(4));
  } else if (r[0] === 'responses' && r.length >= 2) {
    site.status = String(r[1]);
    if (r[2] === 'content' && r.length >= 4) site.mediaType = String(r[3]);
    if (r[2] === 'content' && r[4] === 'schema') schemaSite(site, 'response-body', r.slice(5));
    if (r[2] === 'headers' && r.length >= 4) {
      site.header = String(r[3]);
      if (r[4] === 'schema') schemaSite(site, 'response-header', r.slice(5));
    }
  }
  return site;
}

/** Steps into nested schemas: a property, array items, additionalProperties; xOf members keep the property path. */
function schemaSite(site: Site, root: Place, tokens: Token[]): void {
  const property: string[] = [];
  let place = root;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t === 'properties' && i + 2 < tokens.length) {
      property.push(String(tokens[i + 1]));
      i += 2;
    } else if ((t === 'items' || t === 'additionalProperties') && i + 1 < tokens.length) {
      property.push(t);
      i += 1;
    } else if ((t === 'oneOf' || t === 'anyOf' || t === 'allOf') && i + 2 < tokens.length) {
      i += 2;
      continue;
    } else break;
    place = childPlace(root);
  }
  site.place = place;
  site.property = property.join('/');
  site.tail = tokens.slice(i);
}

/** The value at a JSON path in a document (references followed), or undefined. */
export function valueAt(doc: Json, tokens: Token[]): unknown {
  let at: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(at)) at = at[Number(t)];
    else if (isObject(at)) at = resolve(doc, at).value[String(t)];
    else return undefined;
    if (isObject(at) && typeof at.$ref === 'string') at = resolve(doc, at).value;
  }
  return at;
}

/** The arguments naming what a finding belongs to: parameter, status, media type, header. */
export const whereArgs = (site: Site | undefined): Record<string, string> => ({
  ...(site?.parameter ? { parameter: site.parameter.name, in: site.parameter.in } : {}),
  ...(site?.status ? { status: site.status } : {}),
  ...(site?.mediaType ? { mediaType: site.mediaType } : {}),
  ...(site?.header ? { header: site.header } : {}),
});
