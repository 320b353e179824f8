import { ValidationError } from '../errors.ts';
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
