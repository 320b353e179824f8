/**
 * A rule judges the structural diff (model/diff.ts) and reports findings by id; it never formats English and never
 * walks the documents itself. One file per rule (or per small family of ids), all listed in rules/index.ts.
 */
import type { DiffModel } from '../model/diff.ts';
import type { Place, SchemaPair } from '../model/schema-pair.ts';
import { RULE_LEVELS, type RuleId } from '../rule-levels.ts';
import type { FindingLocation } from '../types.ts';

export interface RuleContext {
  model: DiffModel;
  emit(id: RuleId, location: FindingLocation, args?: Record<string, string>): void;
}

export interface Rule {
  /** The rule's file name. */
  name: string;
  /** Every id the rule can report. */
  ids: readonly RuleId[];
  check(ctx: RuleContext): void;
}

/** Where a schema pair's finding points: the revision's schema, or the base's for something that is gone. */
export function pairLocation(pair: SchemaPair, side: 'base' | 'revision' = 'revision', suffix = ''): FindingLocation {
  return {
    operation: pair.operation,
    pointer: (side === 'base' ? pair.basePointer : pair.revisionPointer) + suffix,
    side,
  };
}

/** The arguments every schema finding carries: the property path and what the schema belongs to. */
export const pairArgs = (pair: SchemaPair, extra: Record<string, string> = {}): Record<string, string> => ({
  ...pair.where,
  ...(pair.property ? { property: pair.property } : {}),
  ...extra,
});

/** A value as a message shows it. */
export const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

const PLACES: Place[] = [
  'request-body',
  'request-property',
  'request-parameter',
  'request-parameter-property',
  'response-body',
  'response-property',
  'response-header',
];

/** Where oasdiff has no id for a place, the id of the place that stands for it. */
const FALLBACK: Partial<Record<Place, Place>> = {
  'request-body': 'request-property',
  'response-body': 'response-property',
  'request-parameter-property': 'request-parameter',
};

/**
 * oasdiff names most schema ids `<place>-<change>` (`request-body-max-set`, `response-property-min-decreased`); where
 * it has no body variant the property id stands for the body too. Undefined: oasdiff has no such rule.
 */
export function placeId(place: Place, change: string): RuleId | undefined {
  const exact = `${place}-${change}`;
  if (exact in RULE_LEVELS) return exact as RuleId;
  const fallback = FALLBACK[place] && `${FALLBACK[place]}-${change}`;
  return fallback && fallback in RULE_LEVELS ? (fallback as RuleId) : undefined;
}

/** Every id `placeId` can give for these changes: what a table-driven rule declares. */
export const placeIds = (changes: string[]): RuleId[] => [
  ...new Set(changes.flatMap((c) => PLACES.map((p) => placeId(p, c)).filter((id): id is RuleId => id !== undefined))),
];
