import { ContractError } from '../../../contracts/src/errors.ts';
import { parsePact } from '../../../contracts/src/pact/parse.ts';
import type { HttpInteraction, MessageInteraction, SpecVersion } from '../../../contracts/src/pact/model.ts';
import { matchMessage, matchRequest, matchResponse, type Mismatch } from '../../../matchers/src/index.ts';

export interface SpecCase {
  match: boolean;
  comment: string;
  expected: Record<string, unknown>;
  actual: Record<string, unknown>;
}

type Part = 'request' | 'response' | 'message';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * parse.ts unwraps a v4 body only when it carries `contentType` or `encoded`; the specification's
 * v4 cases also write bare `{"content": ...}` bodies. We unwrap those here (reported upstream).
 */
function v4Body(side: Record<string, unknown>): Record<string, unknown> {
  const body = side.body;
  if (
    isObject(body) &&
    Object.keys(body).every((k) => ['content', 'contentType', 'encoded'].includes(k)) &&
    'content' in body
  ) {
    return {
      ...side,
      body: {
        contentType: body.contentType ?? 'application/json',
        encoded: body.encoded ?? false,
        content: body.content,
      },
    };
  }
  return side;
}

/** Reads a case side through the real pact parser, as one interaction of a one-interaction pact. */
function interactionOf(version: SpecVersion, part: Part, side: Record<string, unknown>) {
  const s = version === '4' ? v4Body(side) : side;
  const base = {
    consumer: { name: 'c' },
    provider: { name: 'p' },
    metadata: { pactSpecification: { version: `${version}.0.0` } },
  };
  const typed = version === '4' ? { type: part === 'message' ? 'Asynchronous/Messages' : 'Synchronous/HTTP' } : {};
  const interaction =
    part === 'message'
      ? { description: 'case', ...typed, ...s }
      : part === 'request'
        ? // some request cases only state what they test; the parser needs a method and a path
          { description: 'case', ...typed, request: { method: 'GET', path: '/', ...s }, response: { status: 200 } }
        : { description: 'case', ...typed, request: { method: 'GET', path: '/' }, response: s };
  const pact = parsePact(
    part === 'message' && version !== '4'
      ? { ...base, messages: [interaction] }
      : { ...base, interactions: [interaction] },
  );
  return pact.interactions[0];
}

export function runSpecCase(version: SpecVersion, part: Part, c: SpecCase): Mismatch[] {
  let e: ReturnType<typeof interactionOf>;
  try {
    e = interactionOf(version, part, c.expected);
  } catch (err) {
    // An unknown matcher is refused when the pact is read, before matching: it can never pass.
    if (err instanceof ContractError && /is not a Pact matcher/.test(err.message))
      return [{ id: 'unknown-matcher', path: '$', message: err.message }];
    throw err;
  }
  const a = interactionOf(version, part, c.actual);
  if (part === 'message') return matchMessage(e as MessageInteraction, a as MessageInteraction, version);
  const eh = e as HttpInteraction;
  const ah = a as HttpInteraction;
  return part === 'request'
    ? matchRequest(eh.request, ah.request, version)
    : matchResponse(eh.response, ah.response, version);
}
