/**
 * The Pact matching engine: does an actual request, response or message satisfy what a pact
 * expects? Each entry returns the list of mismatches (empty: it matches).
 *
 * Expectations come from `parsePact` (contracts/src/pact), whose matching rules are already in the
 * v3/v4 shape; the spec version only chooses where message content rules live (`body` in v3,
 * `content` in v4).
 */
import type { HttpRequest, HttpResponse, MessageContents, SpecVersion } from './model/parts.ts';
import type { MatchingRules, RuleList } from './model/rules.ts';
import { matchBody } from './body/index.ts';
import { headerValue } from './content-type.ts';
import type { Mismatch } from './mismatch.ts';
import { matchHeaders } from './parts/headers.ts';
import { matchMetadata } from './parts/metadata.ts';
import { matchMethod } from './parts/method.ts';
import { matchQuery } from './parts/query.ts';
import { matchSingleValue } from './parts/single-value.ts';

export type ActualRequest = Omit<HttpRequest, 'matchingRules'> & { matchingRules?: MatchingRules };
export type ActualResponse = Omit<HttpResponse, 'matchingRules'> & { matchingRules?: MatchingRules };
export type ActualMessage = Omit<MessageContents, 'matchingRules'> & { matchingRules?: MatchingRules };

/** Requests are strict: no unexpected query parameters or body keys (the provider must understand every one). */
export function matchRequest(
  expected: HttpRequest,
  actual: ActualRequest,
  _specVersion: SpecVersion = '4',
): Mismatch[] {
  const rules = expected.matchingRules;
  return [
    ...matchMethod(expected.method, actual.method),
    ...matchSingleValue('path', 'path-mismatch', expected.path, actual.path, rules),
    ...matchQuery(expected.query, actual.query, rules),
    ...matchHeaders(expected.headers, actual.headers, rules),
    ...matchBody(expected, actual, rules.body, false),
  ];
}

/** Responses are lenient with extra body keys (Postel: the consumer ignores what it does not read). */
export function matchResponse(
  expected: HttpResponse,
  actual: ActualResponse,
  _specVersion: SpecVersion = '4',
): Mismatch[] {
  const rules = expected.matchingRules;
  return [
    ...matchSingleValue('status', 'status-mismatch', expected.status, actual.status, rules),
    ...matchHeaders(expected.headers, actual.headers, rules),
    ...matchBody(expected, actual, rules.body, true),
  ];
}

/** Message contents are judged like response bodies; metadata like headers. */
export function matchMessage(
  expected: MessageContents,
  actual: ActualMessage,
  specVersion: SpecVersion = '4',
): Mismatch[] {
  const rules = expected.matchingRules;
  return [
    ...matchMetadata(expected.metadata, actual.metadata, rules),
    ...matchBody(
      { body: expected.contents, contentType: messageContentType(expected.metadata) },
      { body: actual.contents, contentType: messageContentType(actual.metadata) },
      contentRules(rules, specVersion),
      true,
    ),
  ];
}

function contentRules(rules: MatchingRules, spec: SpecVersion): Record<string, RuleList> | undefined {
  const [first, second] = spec === '4' ? (['content', 'body'] as const) : (['body', 'content'] as const);
  return rules[first] ?? rules[second];
}

function messageContentType(metadata: Record<string, unknown>): string | undefined {
  return headerValue(metadata, 'contentType') ?? headerValue(metadata, 'content-type');
}

export type { Mismatch } from './mismatch.ts';
export { RULES } from './rules/index.ts';
export { parseSelector, pathWeight } from './path.ts';
