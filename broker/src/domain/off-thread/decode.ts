import { runWithContext } from '../../context/request-context.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors.ts';
import { parseJsonBytes } from '../json-guards.ts';
import { decodeBase64, decodePact, decodeUtf8, parseJsonText } from '../pacts/decode.ts';
import { loadDocument } from '../provider-contracts/load-document.ts';
import type { DecodeError, DecodeTask, OpenApiDecoded, PactDecoded } from './protocol.ts';

/** Runs one task (in a decoder thread; also the in-process fallback), with the request's limits. */
export function runDecodeTask(task: DecodeTask): Promise<PactDecoded | OpenApiDecoded | unknown> {
  return runWithContext({ requestId: 'decoder', limits: task.limits }, async () => {
    if (task.kind === 'json-body') return parseJsonBytes(task.raw, task);
    if (task.kind === 'openapi') {
      const out = await loadDocument(task.base64, task.contentType, task.at);
      const { text } = out;
      if (out.unreadable)
        return {
          text,
          contentHash: out.unreadable.contentHash,
          declaredVersion: '',
          documentText: 'null',
          unreadable: out.unreadable.why,
        };
      const { loaded } = out;
      return {
        text,
        contentHash: loaded.contentHash,
        declaredVersion: loaded.declaredVersion,
        documentText: JSON.stringify(loaded.document),
      };
    }
    const text = task.text ?? decodeUtf8(decodeBase64(task.base64 ?? '', task.at), task.at);
    const d = decodePact(parseJsonText(text, task.at), task.at, task.expected, text);
    return { sha: d.sha, content: d.content, specVersion: d.specVersion, interactionCount: d.interactionCount };
  });
}

/** An error as it crosses threads: the typed errors a request answers with keep their type and details. */
export function toDecodeError(e: unknown): DecodeError {
  if (e instanceof ValidationError) return { name: 'ValidationError', problems: e.problems };
  if (e instanceof PayloadTooLargeError) return { name: 'PayloadTooLargeError', message: e.message };
  if (e instanceof UnsupportedMediaTypeError) return { name: 'UnsupportedMediaTypeError', message: e.message };
  return { name: 'Error', message: e instanceof Error ? e.message : String(e) };
}

export function fromDecodeError(e: DecodeError): Error {
  if (e.name === 'ValidationError') return new ValidationError(e.problems);
  if (e.name === 'PayloadTooLargeError') return new PayloadTooLargeError(e.message);
  if (e.name === 'UnsupportedMediaTypeError') return new UnsupportedMediaTypeError(e.message);
  return new Error(e.message);
}
