/**
 * Reads one side of a diff: JSON or YAML text (or an already parsed object) into a plain JSON tree with its OpenAPI
 * version. Deliberately lenient: a diff compares structure, so a document that a strict validator refuses (an operation
 * without `responses`, say; 60 of the 324 oasdiff test documents are such) is still compared, as oasdiff does. Refused:
 * what is not JSON/YAML, names no supported version, or refers outside itself (nothing outside a document is read).
 */
import YAML from 'yaml';
import { OpenApiDocumentError } from '../../openapi/errors.ts';
import { loadMessage } from '../../openapi/messages.ts';
import { externalRefProblems } from '../../openapi/refs.ts';

type DiffOpenApiVersion = '2.0' | '3.0' | '3.1';

export interface DiffDocument {
  document: Record<string, unknown>;
  version: DiffOpenApiVersion;
  declaredVersion: string;
}

export function readDocument(input: string | object): DiffDocument {
  const document = typeof input === 'string' ? parseText(input) : plainCopy(input);
  const { version, declaredVersion } = versionOf(document);
  const external = externalRefProblems(document);
  if (external.length) throw new OpenApiDocumentError('external-ref', external);
  return { document, version, declaredVersion };
}

function parseText(text: string): Record<string, unknown> {
  if (!text.trim()) throw refuse('unparseable', '$', loadMessage('document.empty'));
  const asJson = /^\s*[{[]/.test(text);
  let value: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); the JSON round trip drops YAML-only values.
    value = asJson ? JSON.parse(text) : plainCopy(YAML.parse(text, { maxAliasCount: 100 }) ?? null);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw refuse('unparseable', '$', loadMessage(asJson ? 'document.json-syntax' : 'document.yaml-syntax', { detail }));
  }
  return value as Record<string, unknown>;
}

function plainCopy(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw refuse('unparseable', '$', loadMessage('document.not-object', { type: kind }));
  }
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function versionOf(doc: Record<string, unknown>): { version: DiffOpenApiVersion; declaredVersion: string } {
  if (doc.swagger === '2.0') return { version: '2.0', declaredVersion: '2.0' };
  const declared = typeof doc.openapi === 'string' ? doc.openapi : undefined;
  const m = declared ? /^3\.([01])\.\d+(-.+)?$/.exec(declared) : null;
  if (m && declared) return { version: m[1] === '0' ? '3.0' : '3.1', declaredVersion: declared };
  if (declared === undefined && doc.swagger === undefined)
    throw refuse('unsupported', '$.openapi', loadMessage('document.no-version'));
  const at = declared === undefined ? '$.swagger' : '$.openapi';
  throw refuse(
    'unsupported',
    at,
    loadMessage('document.unsupported-version', { version: String(declared ?? doc.swagger) }),
  );
}

const refuse = (kind: OpenApiDocumentError['kind'], path: string, message: string) =>
  new OpenApiDocumentError(kind, [{ path, message }]);
