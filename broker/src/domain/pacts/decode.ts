import { ContractError } from '../../../../contracts/src/errors.ts';
import { pactContentHash } from '../../../../contracts/src/pact/content-hash.ts';
import type { Pact } from '../../../../contracts/src/pact/model.ts';
import { parsePact } from '../../../../contracts/src/pact/parse.ts';
import { ValidationError, type FieldProblem } from '../../errors.ts';
import { assertJsonDepth, assertWellFormedText } from '../json-guards.ts';
import { requestLimits } from '../../context/request-context.ts';
import { message } from '../../messages.ts';

const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
const WHITESPACE = /\s/;

/**
 * Strict base64 (what the Pact Broker accepts): the right alphabet, length a multiple of 4, and "="
 * only as one or two characters of padding at the end. Whitespace (line breaks) is ignored.
 * Checked with two scans rather than one anchored regex: a pact's base64 runs to megabytes.
 */
export function decodeBase64(value: string, path: string): Buffer {
  const compact = WHITESPACE.test(value) ? value.replace(/\s+/g, '') : value;
  const padding = compact.indexOf('=');
  const wellPadded =
    padding === -1 || (padding >= compact.length - 2 && compact.endsWith('='.repeat(compact.length - padding)));
  if (compact.length % 4 !== 0 || !wellPadded || NOT_BASE64.test(compact))
    throw ValidationError.of(path, message('input.not-base64'));
  return Buffer.from(compact, 'base64');
}

export function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ValidationError.of(path, message('input.not-utf8'));
  }
}

export interface DecodedPact {
  sha: string;
  specVersion: string;
  interactionCount: number;
  /** The pact as stored and served: the client's JSON without any broker `_links`. */
  json: Record<string, unknown>;
  /** `json` as text: the client's own text when it carried nothing to strip (saves re-serialising a large pact). */
  content: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const hasName = (v: unknown) => isPlainObject(v) && typeof v.name === 'string' && v.name.trim() !== '';

/**
 * What the Pact Broker accepts at `PUT /pacts/provider/P/consumer/C/version/V`: a body without the consumer's or the
 * provider's name takes them from the path, and one with neither "interactions" nor "messages" is a pact with
 * nothing in it. Stored with those filled in, so every later reader finds a pact. Anything else stays as sent.
 */
export function withNamesFromPath(json: unknown, names: { consumer: string; provider: string }): unknown {
  if (!isPlainObject(json)) return json;
  const filled = { ...json };
  if (!hasName(json.consumer))
    filled.consumer = { ...(isPlainObject(json.consumer) ? json.consumer : {}), name: names.consumer };
  if (!hasName(json.provider))
    filled.provider = { ...(isPlainObject(json.provider) ? json.provider : {}), name: names.provider };
  if (json.interactions === undefined && json.messages === undefined) filled.interactions = [];
  return filled;
}

/** Parses and validates a pact, reporting problems under `path`, and hashes its content. */
export function decodePact(
  json: unknown,
  path: string,
  expected?: { consumer?: string; provider?: string },
  text?: string,
): DecodedPact {
  const max = requestLimits().maxInteractions;
  for (const key of ['interactions', 'messages']) {
    const list = (json as Record<string, unknown> | null)?.[key];
    if (Array.isArray(list) && list.length > max)
      throw ValidationError.of(`${path}.${key}`, message('pact.too-many-entries', { count: list.length, max }));
  }
  let pact: Pact;
  try {
    pact = parsePact(json);
  } catch (e) {
    if (e instanceof ContractError)
      throw new ValidationError(e.problems.map((p) => ({ path: `${path}${p.path.slice(1)}`, message: p.message })));
    throw e;
  }
  const problems: FieldProblem[] = [];
  if (expected?.consumer !== undefined && pact.consumer !== expected.consumer) {
    problems.push({
      path: `${path}.consumer.name`,
      message: message('pact.names-other-pacticipant', {
        actual: pact.consumer,
        role: 'consumer',
        expected: expected.consumer,
      }),
    });
  }
  if (expected?.provider !== undefined && pact.provider !== expected.provider) {
    problems.push({
      path: `${path}.provider.name`,
      message: message('pact.names-other-pacticipant', {
        actual: pact.provider,
        role: 'provider',
        expected: expected.provider,
      }),
    });
  }
  if (problems.length) throw new ValidationError(problems);
  const { _links: links, createdAt, ...rest } = json as Record<string, unknown>;
  const content = text !== undefined && links === undefined && createdAt === undefined ? text : JSON.stringify(rest);
  return {
    sha: pactContentHash(pact),
    specVersion: pact.specVersion,
    interactionCount: pact.interactions.length,
    json: rest,
    content,
  };
}

export function parseJsonText(text: string, path: string): unknown {
  assertJsonDepth(text, path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw ValidationError.of(path, message('input.not-json', { reason: (e as Error).message }));
  }
  assertWellFormedText(value, path, text);
  return value;
}
