/**
 * The pact file model, specification v2 to v4, HTTP and message interactions.
 * `parsePact` (parse.ts) turns a pact file's JSON into a `Pact`; every interaction keeps its raw JSON
 * so that matching (matchers/) and comparison (contracts/openapi) see exactly what the consumer wrote.
 *
 * The parts the matching engine compares (requests, responses, message contents, matching rules) are defined in
 * matchers/src/model/ and re-exported here: contracts/ depends on matchers/, never the other way round.
 */
import type { HttpRequest, HttpResponse, MessageContents, SpecVersion } from '../../../matchers/src/model/parts.ts';

export type { HttpRequest, HttpResponse, MessageContents, SpecVersion } from '../../../matchers/src/model/parts.ts';
export type { MatcherDefinition, MatchingRules, RuleList } from '../../../matchers/src/model/rules.ts';

export interface ProviderState {
  name: string;
  params?: Record<string, unknown>;
}

export type JsonObject = Record<string, unknown>;

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
