/**
 * The pact file model, specification v2 to v4, HTTP and message interactions.
 * `parsePact` (parse.ts) turns a pact file's JSON into a `Pact`; every interaction keeps its raw JSON
 * so that matching (matchers/) and comparison (contracts/openapi) see exactly what the consumer wrote.
 */
export type SpecVersion = '1' | '1.1' | '2' | '3' | '4';

export type InteractionKind = 'http' | 'message' | 'sync-message';

export interface ProviderState {
  name: string;
  params?: Record<string, unknown>;
}

export type JsonObject = Record<string, unknown>;

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

export interface MatcherDefinition {
  match: string;
  [key: string]: unknown;
}

export interface RuleList {
  combine: 'AND' | 'OR';
  matchers: MatcherDefinition[];
}

/** category (body, header, query, path, status, metadata, content) -> selector -> rules */
export type MatchingRules = Record<string, Record<string, RuleList>>;

export interface HttpInteraction {
  kind: 'http';
  description: string;
  providerStates: ProviderState[];
  request: HttpRequest;
  response: HttpResponse;
  /** The interaction as written in the file. */
  raw: JsonObject;
  /** Index in the file's `interactions` or `messages` array. */
  index: number;
}

export interface MessageContents {
  contents: unknown;
  metadata: Record<string, unknown>;
  matchingRules: MatchingRules;
}

export interface MessageInteraction extends MessageContents {
  kind: 'message';
  description: string;
  providerStates: ProviderState[];
  raw: JsonObject;
  index: number;
}

export interface SyncMessageInteraction {
  kind: 'sync-message';
  description: string;
  providerStates: ProviderState[];
  request: MessageContents;
  response: MessageContents[];
  raw: JsonObject;
  index: number;
}

export type Interaction = HttpInteraction | MessageInteraction | SyncMessageInteraction;

export interface Pact {
  consumer: string;
  provider: string;
  specVersion: SpecVersion;
  /** 'interactions' for HTTP and v4 files, 'messages' for v3 message pacts. */
  container: 'interactions' | 'messages';
  interactions: Interaction[];
  metadata: JsonObject;
  /** The whole pact file as given. */
  raw: JsonObject;
}
