import type { Request } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { assertJsonDepth, assertWellFormedText } from '../domain/json-guards.ts';
import { message } from '../messages.ts';

const JSON_TYPES = ['application/json', 'application/hal+json', 'application/merge-patch+json'];

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
  return value;
}
