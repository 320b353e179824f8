import type { FieldProblem } from '../../errors.ts';
import type { RequestLimits } from '../../context/request-context.ts';

/** What the main thread asks a decoder thread (off-thread/pool.ts) to do with a large request body. */
export type DecodeTask =
  | {
      kind: 'pact';
      /** The pact as base64 (`/contracts/publish`) or as JSON text (`PUT /pacts/...`). */
      base64?: string;
      text?: string;
      /** The field that held it, for error paths. */
      at: string;
      expected?: { consumer?: string; provider?: string };
      limits: RequestLimits;
    }
  | { kind: 'openapi'; base64: string; contentType: string; at: string; limits: RequestLimits }
  /** A JSON request body's bytes (transferred, not copied). */
  | { kind: 'json-body'; raw: Uint8Array; type: string; typeIsJson: boolean; limits: RequestLimits };

/** A decoded pact, as small as the main thread needs it: no object tree crosses threads. */
export interface PactDecoded {
  sha: string;
  content: string;
  specVersion: string;
  interactionCount: number;
}

/**
 * A loaded OpenAPI document: its text, its canonical hash and its JSON tree as text, ready to store. Content that is
 * no OpenAPI document at all has `unreadable` (why), the hash of its text, no version and `documentText` "null".
 */
export interface OpenApiDecoded {
  text: string;
  contentHash: string;
  declaredVersion: string;
  documentText: string;
  unreadable?: string;
}

export type DecodeError =
  | { name: 'ValidationError'; problems: FieldProblem[] }
  | { name: 'PayloadTooLargeError'; message: string }
  | { name: 'UnsupportedMediaTypeError'; message: string }
  | { name: 'Error'; message: string };

export type DecodeReply = { id: number; ok: unknown } | { id: number; error: DecodeError };
