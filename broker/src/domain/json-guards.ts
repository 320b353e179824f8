import { UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { requestLimits } from '../context/request-context.ts';
import { message } from '../messages.ts';

/** Guards for JSON text and values from outside, used for request bodies and for the pacts inside them. */
const LONE_SURROGATE = /\p{Cs}/u;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Rejects strings (keys or values) holding lone UTF-16 surrogates, which JSON escapes such as
 * "\\ud800" can produce: they are not Unicode text, cannot be stored as UTF-8 or put in a URL, and
 * would otherwise fail only after the write. Iterative (depth is checked before parsing anyway).
 */
export function assertWellFormedText(value: unknown, path: string, text?: string): void {
  // Parsed from `text`, a lone surrogate can only come from the text itself or from a \uD800-\uDFFF
  // escape: when there is neither, the walk over every key and string is skipped (a large pact).
  if (text !== undefined && !LONE_SURROGATE.test(text) && !SURROGATE_ESCAPE.test(text)) return;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) throw ValidationError.of(path, message('input.lone-surrogate'));
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        stack.push(k);
        stack.push(x);
      }
    }
  }
}

/**
 * Rejects JSON text nested deeper than `max` arrays/objects, by a linear scan before JSON.parse, so
 * nothing recursive downstream (validation, hashing, comparison) can be driven into a stack overflow.
 */
export function assertJsonDepth(text: string, path: string, max = requestLimits().maxJsonDepth): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump to the closing quote (one not escaped by an odd run of backslashes): strings, such as a
      // base64-encoded pact, are most of a large body and hold no structure.
      for (let q = text.indexOf('"', i + 1); ; q = text.indexOf('"', q + 1)) {
        if (q === -1) return;
        let backslashes = 0;
        while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) {
          i = q;
          break;
        }
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) throw ValidationError.of(path, message('input.too-deep', { max }));
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
}

/**
 * A JSON request body from its bytes: strict UTF-8, `{}` when empty, 415 for another media type (`typeIsJson`),
 * then depth, JSON, well-formed text and no NUL, each a 400 saying where. Runs on the event loop for small bodies
 * and in a decoder thread for large ones (http/json-body.ts), with the same answers.
 */
export function parseJsonBytes(raw: Uint8Array, input: { type: string; typeIsJson: boolean }): unknown {
  const text = utf8(raw);
  if (!text.trim()) return {};
  if (!input.typeIsJson) throw new UnsupportedMediaTypeError(message('body.unsupported-type', { type: input.type }));
  assertJsonDepth(text, 'body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw ValidationError.of('body', message('input.not-json', { reason: (e as Error).message }));
  }
  assertWellFormedText(value, 'body', text);
  if (text.includes('\\u0000') || text.includes('\u0000')) assertNoNul(value);
  return value;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text: invalid UTF-8 is refused, never replaced with U+FFFD (which would store other text than sent). */
function utf8(raw: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(raw);
  } catch {
    throw ValidationError.of('body', message('body.not-utf8', { offset: firstInvalidUtf8(raw) }));
  }
}

/** Where the first invalid UTF-8 sequence starts (for the message): the longest valid prefix's length. */
function firstInvalidUtf8(raw: Uint8Array): number {
  let lo = 0;
  let hi = raw.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      STRICT_UTF8.decode(raw.subarray(0, mid));
      lo = mid;
    } catch {
      // an incomplete sequence at the cut also fails: keep looking left of it
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * Refuses U+0000 in any key or string of a JSON body, naming its path (`contracts[0].branch`): PostgreSQL text
 * cannot hold it and SQLite would store it, so both stores refuse it the same way. Content sent base64-encoded
 * (pacts, OpenAPI documents) is stored as JSON text, where NUL stays an escape, and is not affected.
 */
function assertNoNul(value: unknown): void {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw ValidationError.of(at || 'body', message('body.nul'));
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        stack.push([x, `${at}[${i}]`]);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const path = at ? `${at}.${k}` : k;
        if (k.includes('\u0000')) throw ValidationError.of(path.split('\u0000').join('\\u0000'), message('body.nul'));
        stack.push([x, path]);
      }
    }
  }
}
