/** A schema of the base document beside the same schema of the revision, where the rules judge it. */
import type { Json } from './json.ts';

type Direction = 'request' | 'response';

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
}

/** The place of a property found inside a schema at `place`. */
export function childPlace(place: Place): Place {
  if (place === 'request-body') return 'request-property';
  if (place === 'request-parameter') return 'request-parameter-property';
  if (place === 'response-body') return 'response-property';
  return place;
}
