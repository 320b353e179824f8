/**
 * The one message catalogue of contracts/openapi and contracts/compare: every sentence rollgate
 * itself writes about a document or a comparison comes from here, keyed by a stable id. Engine
 * findings keep the engine's own message (it is part of the stored verdict); what is added here is
 * the plain-language "what the consumer expects / what the document allows" for each engine code.
 */

type Args = Record<string, string | number>;
const fill = (template: string, args: Args) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(args[k] ?? `{${k}}`));

/** Problems found while loading a document (OpenApiDocumentError.problems[].message). */
const LOAD = {
  'document.empty': 'the document is empty',
  'document.json-syntax': 'is not valid JSON: {detail}',
  'document.yaml-syntax': 'is not valid YAML: {detail}',
  'document.not-object': 'a document must be a JSON or YAML object, not {type}',
  'document.no-version': 'names no version: expected "swagger: 2.0" or "openapi: 3.0.x / 3.1.x"',
  'document.unsupported-version': 'version "{version}" is not supported (Swagger 2.0, OpenAPI 3.0 and 3.1 are)',
  'document.external-ref':
    'refers outside the document ("{ref}"): rollgate never fetches or reads external references; bundle the document into one file',
  'document.ref-not-string': '$ref must be a string',
  'document.invalid': '{detail}',
  'document.too-many-paths': 'has {count} paths, more than the limit of {max}',
  'file.unreadable': 'cannot be read: {detail}',
  'file.pact-json-syntax': 'is not a pact: not valid JSON ({detail})',
} as const;

/** Why a verdict is 'unknown' (Verdict.reasonCode -> Verdict.reason). */
const REASON = {
  'engine.rejected-document': 'the comparison engine cannot read this document: {detail}',
  'engine.failed': 'the comparison engine failed: {detail}',
  'engine.timed-out': 'timed out after {ms} ms',
  'engine.out-of-memory': 'the comparison ran out of memory (limit {mb} MB)',
  'engine.worker-exited': 'the comparison worker stopped unexpectedly: {detail}',
  'pool.closed': 'the comparator pool was closed before the comparison finished',
  'pact.unusable-regex':
    "the pact's regex {regex} at {path} is not a regular expression this check can read; only a verification can decide",
  'document.none': 'the document holds neither an OpenAPI nor an AsyncAPI description',
} as const;

/**
 * For the text report: what each engine code means in terms of the two sides.
 * {expects}: the consumer's value; {allows}: the document's value (both already rendered short).
 */
const EXPLAIN: Record<string, { consumer: string; document: string }> = {
  'request.path-or-method.unknown': {
    consumer: 'calls {expects}',
    document: 'has no operation matching that method and path',
  },
  'request.body.incompatible': { consumer: 'sends, in the request body, {expects}', document: 'requires {allows}' },
  'request.body.unknown': {
    consumer: 'sends a request body {expects}',
    document: 'defines no request body for this operation',
  },
  'request.body.unvalidatable': {
    consumer: 'sends a non-JSON request body',
    document: 'has a schema rollgate cannot apply to it',
  },
  'request.content-type.incompatible': { consumer: 'sends Content-Type {expects}', document: 'accepts {allows}' },
  'request.content-type.missing': { consumer: 'sends a body without a Content-Type', document: 'accepts {allows}' },
  'request.content-type.unknown': {
    consumer: 'sends Content-Type {expects}',
    document: 'declares no request media types',
  },
  'request.accept.incompatible': { consumer: 'asks for (Accept) {expects}', document: 'produces {allows}' },
  'request.accept.unknown': { consumer: 'asks for (Accept) {expects}', document: 'declares no response media types' },
  'request.header.incompatible': { consumer: 'sends the header value {expects}', document: 'requires {allows}' },
  'request.header.unknown': { consumer: 'sends a header {expects}', document: 'does not define that header' },
  'request.query.incompatible': { consumer: 'sends the query value {expects}', document: 'requires {allows}' },
  'request.query.unknown': {
    consumer: 'sends a query parameter {expects}',
    document: 'does not define that parameter',
  },
  'request.authorization.missing': {
    consumer: 'sends no credentials',
    document: "requires them (the operation's security)",
  },
  'request.spec.missing': { consumer: 'makes an HTTP request', document: 'is not an OpenAPI description' },
  'response.status.unknown': { consumer: 'expects status {expects}', document: 'defines the statuses {allows}' },
  'response.status.default': {
    consumer: 'expects status {expects}',
    document: 'covers it only by its "default" response',
  },
  'response.body.incompatible': { consumer: 'expects, in the response body, {expects}', document: 'allows {allows}' },
  'response.body.unknown': {
    consumer: 'expects a response body {expects}',
    document: 'defines no body for that response',
  },
  'response.body.unvalidatable': {
    consumer: 'expects a non-JSON response body',
    document: 'has a schema rollgate cannot apply to it',
  },
  'response.content-type.incompatible': { consumer: 'expects Content-Type {expects}', document: 'produces {allows}' },
  'response.content-type.unknown': {
    consumer: 'expects Content-Type {expects}',
    document: 'declares no response media types',
  },
  'response.header.incompatible': {
    consumer: 'expects the response header value {expects}',
    document: 'allows {allows}',
  },
  'response.header.unknown': {
    consumer: 'expects a response header {expects}',
    document: 'does not define that header',
  },
  'response.header.undefined': {
    consumer: 'expects a response header {expects}',
    document: 'does not define that header',
  },
};
const EXPLAIN_FALLBACK = { consumer: 'has {expects}', document: 'has {allows}' };

export type LoadMessageId = keyof typeof LOAD;
export type ReasonId = keyof typeof REASON;

export const loadMessage = (id: LoadMessageId, args: Args = {}): string => fill(LOAD[id], args);
export const reasonMessage = (id: ReasonId, args: Args = {}): string => fill(REASON[id], args);

export function explainFinding(
  code: string,
  args: { expects: string; allows: string },
): { consumer: string; document: string } {
  const e = EXPLAIN[code] ?? EXPLAIN_FALLBACK;
  return { consumer: fill(e.consumer, args), document: fill(e.document, args) };
}
