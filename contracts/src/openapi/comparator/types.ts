/**
 * What callers of the comparator see. Nothing here names the engine: the engine behind it
 * (today @pactflow/openapi-pact-comparator, see opc-engine.ts) can be replaced without touching callers.
 */
import type { ReasonId } from '../messages.ts';

export type FindingType = 'error' | 'warning' | 'info';

export interface Finding {
  /** The engine's code, in the SMV/OPC vocabulary (`response.body.incompatible`, ...). */
  code: string;
  type: FindingType;
  message: string;
  /** The pact interaction it is about, by position in the file's interactions/messages array. */
  interaction?: { index: number; description: string };
  /** JSON path into the pact file (json-path.ts format). */
  pactLocation?: string;
  /** JSON path into the document; `$ref`s are followed, so it names where the text actually is. */
  documentLocation?: string;
  /** The OpenAPI operation matched, when there is one. */
  operation?: { method: string; path: string };
  /** What the consumer has at pactLocation, and what the document has at documentLocation (large values are cut). */
  pactValue?: unknown;
  documentValue?: unknown;
  /** Sub-findings the engine gives as the detail of this one (e.g. why no message matched). */
  causes?: Finding[];
}

export interface EngineInfo {
  name: string;
  version: string;
}

export type VerdictResult = 'compatible' | 'incompatible' | 'unknown';

export interface Verdict {
  result: VerdictResult;
  findings: Finding[];
  engine: EngineInfo;
  /** Why the result is 'unknown' (rendered from reasonCode); absent otherwise. */
  reason?: string;
  reasonCode?: ReasonId;
}

/** The provider side of a comparison: an OpenAPI document, an AsyncAPI document, or both. */
export interface DocumentSet {
  oas?: Record<string, unknown>;
  asyncapi?: Record<string, unknown>;
}

/**
 * The seam for replacing the engine. `compile` may be slow (schema compilation) and its result is
 * cached per document hash; `compare` on a compiled document must tolerate concurrent calls.
 * Both may throw: the adapter turns a throw into an 'unknown' verdict.
 */
export interface ComparisonEngine {
  info: EngineInfo;
  /** The engine may mutate what it is given: the adapter always passes a private copy. */
  compile(documents: DocumentSet): CompiledDocuments;
}

export interface CompiledDocuments {
  compare(pact: Record<string, unknown>): Promise<Finding[]>;
}
