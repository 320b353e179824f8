/**
 * Accepts what callers have (an OpenAPI document, an AsyncAPI document, or `{oas, asyncapi}`) and
 * names it by content, so one compiled comparator serves every pact checked against it.
 */
import { canonicalJson } from '../../pact/canonical-json.ts';
import { sha256 } from '../../pact/content-hash.ts';
import { OpenApiDocumentError } from '../errors.ts';
import { reasonMessage } from '../messages.ts';
import type { DocumentSet } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toDocumentSet(input: unknown): DocumentSet {
  if (isObject(input)) {
    if (typeof input.asyncapi === 'string') return { asyncapi: input };
    if (typeof input.openapi === 'string' || typeof input.swagger === 'string') return { oas: input };
    const set: DocumentSet = {};
    if (isObject(input.oas)) set.oas = input.oas;
    if (isObject(input.asyncapi)) set.asyncapi = input.asyncapi;
    // An explicit set may be empty: the engine then reports what is missing (request.spec.missing, ...).
    if ('oas' in input || 'asyncapi' in input) return set;
    // An object naming no version is still handed to the engine as OpenAPI: it decides what it can read.
    return { oas: input };
  }
  throw new OpenApiDocumentError('unsupported', [{ path: '$', message: reasonMessage('document.none') }]);
}

/** SHA-256 of the set's canonical JSON; for a lone OpenAPI document it equals loadOpenApi's contentHash. */
export function documentSetHash(set: DocumentSet): string {
  if (set.oas && !set.asyncapi) return sha256(canonicalJson(set.oas));
  if (set.asyncapi && !set.oas) return sha256(canonicalJson(set.asyncapi));
  return sha256(canonicalJson({ oas: set.oas ?? null, asyncapi: set.asyncapi ?? null }));
}
