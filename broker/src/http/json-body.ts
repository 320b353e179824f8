import type { Request } from 'express';
import { PayloadTooLargeError } from '../errors.ts';
import { parseJsonBytes } from '../domain/json-guards.ts';
import { parseJsonBodyOffThread } from '../domain/off-thread/pool.ts';
import { message } from '../messages.ts';
import { isJsonMediaType } from './middleware/cross-site.ts';

/** Reads the raw body up to `limit` bytes. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLargeError(message('body.too-large-declared', { declared, limit }));
  // With a declared length the bytes are copied into place as they arrive (no 20 MB concat in one turn at the end).
  const into = declared > 0 ? Buffer.allocUnsafeSlow(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) throw new PayloadTooLargeError(message('body.too-large', { limit }));
    if (into && size + chunk.length <= into.length) chunk.copy(into, size);
    else chunks.push(chunk);
    size += chunk.length;
  }
  if (into && !chunks.length) return size === into.length ? into : into.subarray(0, size);
  return Buffer.concat(into ? [into.subarray(0, size - chunks.reduce((n, c) => n + c.length, 0)), ...chunks] : chunks);
}

/** Bodies from this size on are parsed in a decoder thread. */
const OFF_THREAD_BODY_BYTES = 1024 * 1024;

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
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const input = { type, typeIsJson: !type || isJsonMediaType(type) };
  // A large body (a pact at the body limit) is decoded and parsed in a decoder thread: the event loop waits for no one.
  return raw.length >= OFF_THREAD_BODY_BYTES ? parseJsonBodyOffThread(raw, input) : parseJsonBytes(raw, input);
}
