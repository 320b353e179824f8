/**
 * Optic's BreakingChangesRuleset results (rule name + JSON pointer into the base or revision document) mapped onto
 * oasdiff's ids: one entry per Optic rule, reading the pointer for the place, property, parameter or status.
 */
import { childPlace } from '../../model/schema-pair.ts';
import type { Json } from '../../model/json.ts';
import type { RuleId } from '../../rule-levels.ts';
import { placeId } from '../../rules/rule.ts';
import { mapOperationChange } from '../operation-change.ts';
import type { Mapped } from '../schema-change.ts';
import { type Site, valueAt, type Token } from '../site.ts';

export interface OpticResult {
  name: string;
  error?: string;
  pointer: string;
  side: 'base' | 'revision';
}

type Docs = { base: Json; revision: Json };

/** The schema a pointer names: `.../properties/x` is property x of its parent. */
function schemaAt(site: Site): { place?: Site['place']; property: string } {
  const tail = site.tail ?? [];
  if (site.place && tail[0] === 'properties' && tail.length === 2) {
    const name = String(tail[1]);
    return { place: childPlace(site.place), property: site.property ? `${site.property}/${name}` : name };
  }
  return { place: site.place, property: site.property ?? '' };
}

const withProperty = (id: RuleId | undefined, property: string, extra: Record<string, string> = {}): Mapped[] =>
  id ? [{ id, args: { ...(property ? { property } : {}), ...extra } }] : [];

export function mapOptic(r: OpticResult, site: Site, tokens: Token[], docs: Docs): Mapped[] {
  const { place, property } = schemaAt(site);
  const parameter: Record<string, string> = site.parameter
    ? { parameter: site.parameter.name, in: site.parameter.in }
    : {};
  const name = r.name;
  if (name === 'prevent operation removal')
    return mapOperationChange({ ...site, rest: [] }, { action: 'remove' }, docs);
  if (name === 'prevent response status code removal')
    return mapOperationChange({ ...site, rest: site.rest.slice(0, 2) }, { action: 'remove' }, docs);
  if (name === 'prevent making response property optional')
    return withProperty('response-property-became-optional', property);
  if (name === 'prevent removing response property') {
    const parent = tokens.slice(0, -2);
    const required = valueAt(docs.base, [...parent, 'required']);
    const last = String(tokens[tokens.length - 1]);
    const id =
      Array.isArray(required) && required.includes(last)
        ? 'response-required-property-removed'
        : 'response-optional-property-removed';
    return withProperty(id, property);
  }
  if (name === 'prevent changing request property to required') {
    const existed = valueAt(docs.base, tokens) !== undefined;
    return withProperty(existed ? 'request-property-became-required' : 'new-required-request-property', property);
  }
  if (name === 'prevent request property type changes' || name === 'prevent response property type changes')
    return place ? withProperty(placeId(place, 'type-changed'), property) : [];
  if (/^prevent \w+ parameters type changes$/.test(name))
    return [{ id: 'request-parameter-type-changed', args: parameter }];
  if (/^prevent new required \w+ parameters$/.test(name))
    return [{ id: 'new-required-request-parameter', args: parameter }];
  if (/^prevent requiring existing \w+ parameters$/.test(name))
    return [{ id: 'request-parameter-became-required', args: parameter }];
  if (/^prevent \w+ parameters enum breaking changes$/.test(name))
    return [
      {
        id: r.error?.startsWith('cannot add an enum')
          ? 'request-parameter-became-enum'
          : 'request-parameter-enum-value-removed',
        args: parameter,
      },
    ];
  if (name === 'request and response property enums' && place)
    return withProperty(
      placeId(place, place.startsWith('request') ? 'enum-value-removed' : 'enum-value-added'),
      property,
    );
  if (name === 'prevent narrowing in response union types' && place)
    return withProperty(placeId(place, r.error?.includes('anyOf') ? 'any-of-added' : 'one-of-added'), property);
  if (name === 'prevent expanded in request union types' && place)
    return withProperty(placeId(place, r.error?.includes('anyOf') ? 'any-of-removed' : 'one-of-removed'), property);
  return [];
}
