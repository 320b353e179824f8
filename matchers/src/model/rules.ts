/**
 * Matching rules as a pact states them, in the v3/v4 shape (`parsePact` in contracts/ converts v2 rules).
 * They live here, at the bottom, because the matching engine reads them; contracts/ builds its pact model on them.
 */
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
