import type { Request } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { assertJsonDepth, assertWellFormedText } from '../domain/json-guards.ts';
import { message } from '../messages.ts';
import { isJsonMediaType } from './middleware/cross-site.ts';

/** Reads the raw body up to `limit` bytes. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLargeError(message('body.too-large-declared', { declared, limit }));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(message('body.too-large', { limit }));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A request's body is read once: the per-pacticipant check may parse it before the handler asks for it. */
const parsed = new WeakMap<Request, Promise<unknown>>();

/**
 * Parses a JSON request body: 415 for another media type, 400 saying where the JSON is broken.
 * An empty body is `{}` (the Pact clients send `{}` or nothing for PUTs that only create a link).
 */
export function jsonBody(req: Request): Promise<unknown> {
  let body = parsed.get(req);
  if (!body) {
    body = parseJsonBody(req);
    parsed.set(req, body);
  }
  return body;
}

async function parseJsonBody(req: Request): Promise<unknown> {
  const limit = (req.app.locals.bodyLimit as number | undefined) ?? 10 * 1024 * 1024;
  const raw = await readBody(req, limit);
  const text = utf8(raw);
  if (!text.trim()) return {};
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type && !isJsonMediaType(type)) {
    throw new UnsupportedMediaTypeError(message('body.unsupported-type', { type }));
  }
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
function utf8(raw: Buffer): string {
  try {
    return STRICT_UTF8.decode(raw);
  } catch {
    throw ValidationError.of('body', message('body.not-utf8', { offset: firstInvalidUtf8(raw) }));
  }
}

/** Where the first invalid UTF-8 sequence starts (for the message): the longest valid prefix's length. */
function firstInvalidUtf8(raw: Buffer): number {
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
