/** What the OpenAPI-vs-OpenAPI diff answers: findings as rule ids with arguments; English comes from messages.ts. */
import type { RuleId } from './rule-levels.ts';

import type { Level } from './level.ts';

export type { Level };

/** Which engine reported a finding: rollgate's own rules or one of the libraries behind their adapters. */
export type EngineName = 'rollgate' | 'api-smart-diff' | 'optic';

export interface FindingLocation {
  /** The operation the change is in, as the document that has it writes the path (absent for document-wide changes). */
  operation?: { method: string; path: string };
  /** JSON pointer into the document named by `side`, following the operation's own nesting (references resolved). */
  pointer: string;
  side: 'base' | 'revision';
}

export interface Finding {
  /** oasdiff's rule id (kebab-case), e.g. `response-required-property-removed`. */
  id: RuleId;
  level: Level;
  location: FindingLocation;
  /** The message's arguments (property, parameter, status, values...), never English. */
  args: Record<string, string>;
  /** Every engine that reported this finding. */
  engines: EngineName[];
}

/** A JSON Schema keyword of OpenAPI 3.1 that changed between the documents where no engine compares it. */
export interface UnseenChange {
  keyword: string;
  pointer: string;
}

export interface DiffResult {
  /** rollgate's findings; each lists the library engines that found the same change too. */
  findings: Finding[];
  /**
   * Changes only a library engine reported. Kept apart, and never counted for `--fail-on`: on oasdiff's corpus they
   * added no breaking change rollgate's rules missed and raised 5 false alarms in 17 surely-safe pairs
   * (docs/benchmarks.md). They are listed so a person can look, and so a rule rollgate lacks shows up.
   */
  unconfirmed: Finding[];
  /**
   * True when some change may be missing from `findings`: a keyword no engine compares changed (`unseen`), or the
   * engine whose findings these are failed (a library failing beside rollgate's rules only costs confirmations).
   */
  partial: boolean;
  unseen: UnseenChange[];
  /** The OpenAPI versions as given (`2.0` documents are converted to 3.0 before the engines see them). */
  versions: { base: string; revision: string };
  /** The engines that ran, with their versions, so stored answers stay explainable after upgrades. */
  engines: { name: EngineName; version: string }[];
  /** Engines that failed on this pair, and why. */
  failures: { engine: EngineName; message: string }[];
}
