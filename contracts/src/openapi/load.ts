/**
 * Reads a provider's OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1; JSON or YAML) into the form
 * rollgate stores and compares: the document as written (internal `$ref`s kept, because circular
 * schemas cannot be written out dereferenced and the engine resolves them itself), its version, and
 * a content hash that ignores key order and formatting.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import YAML from 'yaml';
import type { Problem } from '../errors.ts';
import { canonicalJson } from '../pact/canonical-json.ts';
import { sha256 } from '../pact/content-hash.ts';
import { OpenApiDocumentError } from './errors.ts';
import { loadMessage } from './messages.ts';
import { formatPath } from './json-path.ts';
import { externalRefProblems } from './refs.ts';

export type OpenApiVersion = '2.0' | '3.0' | '3.1';

export interface LoadedOpenApi {
  /** The document as a plain JSON tree (YAML aliases expanded), internal `$ref`s unresolved. */
  document: Record<string, unknown>;
  version: OpenApiVersion;
  /** The version string the document declares, e.g. "3.0.3". */
  declaredVersion: string;
  /** SHA-256 (hex) of the document's canonical JSON. */
  contentHash: string;
  title: string;
}

const refuse = (kind: OpenApiDocumentError['kind'], problems: Problem[], opts: { notOpenApi?: boolean } = {}) =>
  new OpenApiDocumentError(kind, problems, opts);

export interface LoadLimits {
  /** Most paths (plus AsyncAPI channels): refused before validation, and block YAML before it is even parsed. */
  maxPaths?: number;
}

export async function loadOpenApi(text: string, contentType?: string, limits: LoadLimits = {}): Promise<LoadedOpenApi> {
  if (limits.maxPaths !== undefined) {
    const counted = blockYamlPathCount(text);
    if (counted > limits.maxPaths) throw tooManyPaths(counted, limits.maxPaths);
  }
  const document = parseText(text, contentType);
  if (limits.maxPaths !== undefined) {
    const count = pathCount(document);
    if (count > limits.maxPaths) throw tooManyPaths(count, limits.maxPaths);
  }
  const { version, declaredVersion } = versionOf(document);

  // Refuse external refs before any resolver is given the document: nothing outside it is ever read.
  const external = externalRefProblems(document);
  if (external.length) throw refuse('external-ref', external);

  await validate(document);
  const info = document.info as { title?: unknown } | undefined;
  return {
    document,
    version,
    declaredVersion,
    contentHash: sha256(canonicalJson(document)),
    title: typeof info?.title === 'string' ? info.title : '',
  };
}

const tooManyPaths = (count: number, max: number) =>
  refuse('too-many-paths', [{ path: '$.paths', message: loadMessage('document.too-many-paths', { count, max }) }]);

function pathCount(document: Record<string, unknown>): number {
  const keys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).length : 0);
  return keys(document.paths) + keys(document.channels);
}

/**
 * The keys directly under a top-level `paths:` or `channels:` of block-style YAML, counted line by line without
 * parsing (YAML parsing is the slow part: ~1 ms a path). Flow style and JSON count 0 here and are counted once
 * parsed. A line scan, so it never counts more keys than the parser will find.
 */
function blockYamlPathCount(text: string): number {
  let count = 0;
  let indent = -1;
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^(paths|channels)\s*:\s*(#.*)?\r?$/.test(line)) {
      inside = true;
      indent = -1;
      continue;
    }
    if (!inside || /^\s*(#.*)?\r?$/.test(line)) continue;
    const lead = /^( *)/.exec(line)?.[1].length ?? 0;
    if (lead === 0) {
      inside = false;
      continue;
    }
    if (indent < 0) indent = lead;
    if (lead === indent && /^\s*("[^"]*"|'[^']*'|[^\s#'"][^:#]*)\s*:(\s|$)/.test(line)) count++;
  }
  return count;
}

function parseText(text: string, contentType?: string): Record<string, unknown> {
  if (!text.trim()) throw refuse('unparseable', [{ path: '$', message: loadMessage('document.empty') }]);
  const type = (contentType ?? '').toLowerCase();
  // Without a declared type, a leading brace means JSON: JSON's own errors are clearer than YAML's for it.
  const asJson = type.includes('json') || (!type.includes('yaml') && !type.includes('yml') && /^\s*[{[]/.test(text));
  let value: unknown;
  try {
    value = asJson ? JSON.parse(text) : fromYaml(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw refuse('unparseable', [
      { path: '$', message: loadMessage(asJson ? 'document.json-syntax' : 'document.yaml-syntax', { detail }) },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw refuse('unparseable', [{ path: '$', message: loadMessage('document.not-object', { type: kind }) }], {
      notOpenApi: true,
    });
  }
  return value as Record<string, unknown>;
}

function fromYaml(text: string): unknown {
  // maxAliasCount bounds alias expansion ("billion laughs"); the JSON round trip drops YAML-only values
  // and the object sharing that aliases create, so the stored tree is plain JSON.
  const value: unknown = YAML.parse(text, { maxAliasCount: 100, uniqueKeys: true });
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function versionOf(doc: Record<string, unknown>): { version: OpenApiVersion; declaredVersion: string } {
  const declared =
    typeof doc.openapi === 'string' ? doc.openapi : typeof doc.swagger === 'string' ? doc.swagger : undefined;
  if (declared === undefined)
    throw refuse('unsupported', [{ path: '$.openapi', message: loadMessage('document.no-version') }], {
      // `openapi: 3.0` (a number) claims to be OpenAPI and is refused; a document naming neither field does not.
      notOpenApi: !('openapi' in doc) && !('swagger' in doc),
    });
  const at = typeof doc.openapi === 'string' ? '$.openapi' : '$.swagger';
  if (at === '$.swagger' && declared === '2.0') return { version: '2.0', declaredVersion: declared };
  const m = at === '$.openapi' ? /^3\.([01])\.\d+(-.+)?$/.exec(declared) : null;
  if (!m)
    throw refuse('unsupported', [
      { path: at, message: loadMessage('document.unsupported-version', { version: declared }) },
    ]);
  return { version: m[1] === '0' ? '3.0' : '3.1', declaredVersion: declared };
}

/** swagger-parser validates schema and spec rules, and dereferences a copy (it rewrites what it is given). */
async function validate(document: Record<string, unknown>): Promise<void> {
  try {
    await SwaggerParser.validate(
      structuredClone(document) as never,
      {
        // Belt and braces: external refs were refused above, and no resolver may touch disk or network.
        resolve: { external: false, file: false, http: false },
      } as SwaggerParser.Options,
    );
  } catch (err) {
    throw refuse('invalid', validationProblems(err));
  }
}

/** swagger-parser reports all schema errors in one multi-line message; keep one problem per line. */
function validationProblems(err: unknown): Problem[] {
  const message = err instanceof Error ? err.message : String(err);
  const [head, ...rest] = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const lines = rest.length ? rest : [head];
  return lines.map((line) => {
    const m = /^(#\/\S*)\s+(.*)$/.exec(line);
    return m
      ? { path: pointerToPath(m[1]), message: loadMessage('document.invalid', { detail: m[2] }) }
      : { path: '$', message: loadMessage('document.invalid', { detail: line }) };
  });
}

function pointerToPath(pointer: string): string {
  const parts = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '');
  return formatPath(parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')));
}
