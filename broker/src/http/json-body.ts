import type { Request } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { requestLimits } from './middleware/request-context.ts';

const JSON_TYPES = ['application/json', 'application/hal+json', 'application/merge-patch+json'];

/** Reads the raw body up to `limit` bytes. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLargeError(`request body of ${declared} bytes is larger than the limit of ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`request body is larger than the limit of ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON request body: 415 for another media type, 400 saying where the JSON is broken.
 * An empty body is `{}` (the Pact clients send `{}` or nothing for PUTs that only create a link).
 */
export async function jsonBody(req: Request): Promise<unknown> {
  const limit = (req.app.locals.bodyLimit as number | undefined) ?? 10 * 1024 * 1024;
  const raw = await readBody(req, limit);
  const text = raw.toString('utf8');
  if (!text.trim()) return {};
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type && !JSON_TYPES.includes(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type ${type} is not supported: send application/json`);
  }
  assertJsonDepth(text, 'body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw ValidationError.of('body', `is not valid JSON: ${(e as Error).message}`);
  }
  assertWellFormedText(value, 'body');
  return value;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Rejects strings (keys or values) holding lone UTF-16 surrogates, which JSON escapes such as
 * "\\ud800" can produce: they are not Unicode text, cannot be stored as UTF-8 or put in a URL, and
 * would otherwise fail only after the write. Iterative (depth is checked before parsing anyway).
 */
export function assertWellFormedText(value: unknown, path: string): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) throw ValidationError.of(path, 'contains text that is not valid Unicode (a lone surrogate such as \\ud800)');
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
      if (++depth > max) throw ValidationError.of(path, `is nested more than ${max} levels deep (the limit of arrays and objects inside each other)`);
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
}
