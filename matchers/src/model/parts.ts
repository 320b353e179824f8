/**
 * The parts of an interaction the matching engine compares: an HTTP request or response, or a message's
 * contents, each with the matching rules that loosen it. contracts/src/pact/model.ts builds interactions and
 * the pact file model from these; matchers/ depends on nothing above it.
 */
import type { MatchingRules } from './rules.ts';

export type SpecVersion = '1' | '1.1' | '2' | '3' | '4';

export interface HttpRequest {
  method: string;
  path: string;
  /** Normalised to a map of parameter name to list of values (v2 strings are split). */
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body?: unknown;
  /** Matching rules in the v3/v4 shape: category -> (path -> {combine, matchers}). */
  matchingRules: MatchingRules;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  matchingRules: MatchingRules;
}

export interface MessageContents {
  contents: unknown;
  metadata: Record<string, unknown>;
  matchingRules: MatchingRules;
}
