import type { RuleList } from '../model/rules.ts';
import { applyRules, noCompare } from '../apply.ts';
import { baseType, headerValue, isJsonType, isXmlType, sniffContentType } from '../content-type.ts';
import { RuleContext } from '../context.ts';
import { mismatch, toMismatch, type Mismatch } from '../mismatch.ts';
import { deepEqual } from '../values.ts';
import { compareJson } from './json.ts';
import { compareXml } from './xml.ts';
import { parseXml, XmlElement } from './xml-parse.ts';

export interface BodySide {
  body?: unknown;
  /** Headers (HTTP) or metadata (messages): where the content type is declared. */
  headers?: Record<string, unknown>;
  contentType?: string;
}

const isEmpty = (v: unknown) => v === null || v === '';

/**
 * Body matching. No expected body: anything goes. An expected empty body (null or "") accepts
 * only an empty or missing one. Otherwise the content type (declared, or sniffed from the
 * example) picks JSON, XML or text comparison.
 */
export function matchBody(
  expected: BodySide,
  actual: BodySide,
  rules: Record<string, RuleList> | undefined,
  allowUnexpectedKeys: boolean,
): Mismatch[] {
  const e = expected.body;
  const a = actual.body;
  if (e === undefined) return [];
  if (a === undefined) return isEmpty(e) ? [] : [mismatch('body-missing', '$', { expected: e })];
  if (isEmpty(e)) return isEmpty(a) ? [] : [mismatch('body-not-empty', '$', { actual: a })];

  const declaredE = expected.contentType ?? headerValue(expected.headers, 'content-type');
  const declaredA = actual.contentType ?? headerValue(actual.headers, 'content-type');
  const type = declaredE ?? declaredA ?? sniffContentType(e);
  if (declaredE && declaredA && family(declaredE) !== family(declaredA)) {
    return [
      mismatch('body-content-type-mismatch', '$', { expected: baseType(declaredE), actual: baseType(declaredA) }),
    ];
  }
  const ctx = new RuleContext(rules ?? {}, allowUnexpectedKeys);

  if (isXmlType(type) || (!isJsonType(type) && e instanceof XmlElement)) {
    const ex = toXml(e);
    const ax = toXml(a);
    if (ex instanceof Error) return [mismatch('body-unparseable', '$', { name: 'expected', detail: ex.message })];
    if (ax instanceof Error) return [mismatch('body-unparseable', '$', { name: 'actual', detail: ax.message })];
    return compareXml(ctx, ex, ax);
  }
  if (isJsonType(type) || typeof e !== 'string') return compareJson(ctx, ['$'], jsonOf(e), jsonOf(a));

  // plain text and anything else: the whole body is one value at `$`
  const sel = ctx.select([['$']]);
  if (sel)
    return applyRules(sel.rules, e, a, { cascaded: sel.cascaded, textual: true, compare: noCompare }).map(
      toMismatch('$'),
    );
  return deepEqual(e, a) ? [] : [mismatch('value-mismatch', '$', { expected: e, actual: a })];
}

const family = (ct: string) => (isJsonType(ct) ? 'json' : isXmlType(ct) ? 'xml' : baseType(ct));

function toXml(v: unknown): XmlElement | Error {
  if (v instanceof XmlElement) return v;
  if (typeof v !== 'string') return new Error('an XML body must be text');
  try {
    return parseXml(v);
  } catch (err) {
    return err as Error;
  }
}

/** A JSON body given as text (v4 `encoded: false` strings) is read as the JSON it holds. */
function jsonOf(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
