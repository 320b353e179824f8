import { XmlElement } from './body/xml-parse.ts';

/** `application/json; charset=utf-8` -> `application/json`. */
export const baseType = (ct: string | undefined): string => (ct ?? '').split(';')[0].trim().toLowerCase();

export const isJsonType = (ct: string | undefined) => /^application\/(.+\+)?json$|^text\/json$/.test(baseType(ct));
export const isXmlType = (ct: string | undefined) => /^(application|text)\/(.+\+)?xml$/.test(baseType(ct));

export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : headers[key];
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined;
}

/** What a body looks like when nobody said: parsed JSON values are JSON, `<...>` text is XML. */
export function sniffContentType(body: unknown): string {
  if (body instanceof XmlElement) return 'application/xml';
  if (typeof body !== 'string') return 'application/json';
  const t = body.trim();
  if (t.startsWith('<')) return 'application/xml';
  if (/^[[{]/.test(t)) {
    try {
      JSON.parse(t);
      return 'application/json';
    } catch {
      return 'text/plain';
    }
  }
  return 'text/plain';
}

/**
 * Content types compared as media types: the type exactly (the specification's header values are
 * case-sensitive), parameters in any order with charset case-free, and the
 * actual may add parameters (`application/json` accepts `application/json; charset=UTF-8`).
 */
export function sameMediaType(a: string, b: string): boolean {
  const parse = (v: string) => {
    const [type, ...params] = v.split(';');
    const map = new Map(
      params
        .map((p) => p.split('=').map((x) => x.trim()))
        .filter((p) => p[0])
        .map(([k, val]) => [k.toLowerCase(), (val ?? '').replace(/^"|"$/g, '')]),
    );
    return { type: type.trim(), map };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.type !== y.type) return false;
  for (const [k, v] of x.map) {
    const w = y.map.get(k);
    if (w === undefined || (k === 'charset' ? w.toLowerCase() !== v.toLowerCase() : w !== v)) return false;
  }
  return true;
}
