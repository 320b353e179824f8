/** A schema of the base document beside the same schema of the revision, where the rules judge it. */
import type { Json } from './json.ts';

export type Direction = 'request' | 'response';

/** Where a schema sits; the first word of most rule ids (`request-property-...`, `response-body-...`). */
export type Place =
  | 'request-body'
  | 'request-property'
  | 'request-parameter'
  | 'request-parameter-property'
  | 'response-body'
  | 'response-property'
  | 'response-header';

export interface SchemaPair {
  base: Json;
  revision: Json;
  place: Place;
  direction: Direction;
  /** Property path below the body, parameter or header (`items/name`); '' at its root. */
  property: string;
  operation: { method: string; path: string };
  /** What the schema belongs to: `{ parameter, in }`, `{ status, mediaType }`, `{ mediaType }` or `{ header, status }`. */
  where: Record<string, string>;
  basePointer: string;
  revisionPointer: string;
  /** Whether the parent object requires this property (for properties only). */
  required?: { base: boolean; revision: boolean };
  /** readOnly / writeOnly as the property declares them, base and revision. */
  access?: { base: Access; revision: Access };
}

export interface Access {
  readOnly: boolean;
  writeOnly: boolean;
}

export const directionOf = (place: Place): Direction => (place.startsWith('request') ? 'request' : 'response');

/** The place of a property found inside a schema at `place`. */
export function childPlace(place: Place): Place {
  if (place === 'request-body') return 'request-property';
  if (place === 'request-parameter') return 'request-parameter-property';
  if (place === 'response-body') return 'response-property';
  return place;
}
