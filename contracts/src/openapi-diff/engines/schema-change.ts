/**
 * A change to one schema keyword, as a library reports it (add / remove / replace at a JSON path), mapped onto the id
 * rollgate's own rules use for the same change, so findings from every engine share oasdiff's vocabulary.
 */
import type { Json } from '../model/json.ts';
import type { RuleId } from '../rule-levels.ts';
import { placeId } from '../rules/rule.ts';
import type { Site, Token } from './site.ts';
import { valueAt } from './site.ts';

export interface KeywordChange {
  action: 'add' | 'remove' | 'replace' | 'rename';
  before?: unknown;
  after?: unknown;
}

export interface Mapped {
  id: RuleId;
  args: Record<string, string>;
}

const LIMITS: Record<string, string> = {
  maximum: 'max',
  exclusiveMaximum: 'exclusive-max',
  maxLength: 'max-length',
  maxItems: 'max-items',
  minimum: 'min',
  exclusiveMinimum: 'exclusive-min',
  minLength: 'min-length',
  minItems: 'min-items',
};

const KEYWORD_NAMES: Record<string, string> = {
  const: 'const',
  contains: 'contains',
  prefixItems: 'prefix-items',
  propertyNames: 'property-names',
  unevaluatedItems: 'unevaluated-items',
  unevaluatedProperties: 'unevaluated-properties',
  contentSchema: 'content-schema',
  contentMediaType: 'content-media-type',
  contentEncoding: 'content-encoding',
  dependentRequired: 'dependent-required',
  dependentSchemas: 'dependent-schema',
  patternProperties: 'pattern-property',
};

const ACTION: Record<KeywordChange['action'], string> = {
  add: 'added',
  remove: 'removed',
  replace: 'changed',
  rename: 'changed',
};

/**
 * `tokens` is the whole JSON path (to read `required` beside a property); `docs` the two documents the library saw.
 * Undefined: the change is not one of oasdiff's rules rollgate knows (it is counted, not reported).
 */
export function mapSchemaChange(
  site: Site,
  tokens: Token[],
  change: KeywordChange,
  docs: { base: Json; revision: Json },
): Mapped | undefined {
  const place = site.place;
  const tail = site.tail ?? [];
  if (!place || !tail.length) return undefined;
  const request = place.startsWith('request');
  const args: Record<string, string> = { ...(site.property ? { property: site.property } : {}) };
  const at = (id: RuleId | undefined, extra: Record<string, string> = {}) =>
    id ? { id, args: { ...args, ...extra } } : undefined;
  const [keyword, index] = tail;
  const parent = tokens.slice(0, tokens.length - tail.length);
  const child = (name: string) => (site.property ? `${site.property}/${name}` : name);

  if (keyword === 'required') {
    const names = requiredNames(change, index);
    const name = names[0];
    if (!name) return undefined;
    if (request && change.action !== 'remove') {
      const existed = valueAt(docs.base, [...parent, 'properties', name]) !== undefined;
      return at(existed ? 'request-property-became-required' : 'new-required-request-property', {
        property: child(name),
      });
    }
    if (!request && change.action === 'remove')
      return at('response-property-became-optional', { property: child(name) });
    return undefined;
  }
  if (keyword === 'properties' && index !== undefined) {
    const name = String(index);
    const required = (doc: Json) => {
      const list = valueAt(doc, [...parent, 'required']);
      return Array.isArray(list) && list.includes(name);
    };
    if (change.action === 'remove')
      return request
        ? at('request-property-removed', { property: child(name) })
        : at(required(docs.base) ? 'response-required-property-removed' : 'response-optional-property-removed', {
            property: child(name),
          });
    if (change.action === 'add' && request)
      return at(required(docs.revision) ? 'new-required-request-property' : 'new-optional-request-property', {
        property: child(name),
      });
    return undefined;
  }
  if (keyword === 'type' || keyword === 'format') {
    const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined);
    const [from, to] = [text(change.before), text(change.after)];
    return at(placeId(place, 'type-changed'), from !== undefined && to !== undefined ? { from, to } : {});
  }
  if (keyword === 'nullable')
    return at(placeId(place, change.after === true ? 'became-nullable' : 'became-not-nullable'));
  if (keyword === 'enum' || keyword === 'x-extensible-enum') {
    const prefix = keyword === 'enum' ? 'enum' : 'x-extensible-enum';
    if (index === undefined) return change.action === 'add' && request ? at(placeId(place, 'became-enum')) : undefined;
    const value = JSON.stringify(change.action === 'remove' ? change.before : change.after);
    if (change.action === 'remove') return at(placeId(place, `${prefix}-value-removed`), { value });
    if (change.action === 'add') return at(placeId(place, `${prefix}-value-added`), { value });
    return undefined;
  }
  if (keyword === 'pattern') {
    const id =
      change.action === 'add' ? 'pattern-added' : change.action === 'remove' ? 'pattern-removed' : 'pattern-changed';
    return request ? at(placeId(place, id)) : undefined;
  }
  if (typeof keyword === 'string' && keyword in LIMITS) {
    const name = LIMITS[keyword];
    const [b, r] = [change.before, change.after];
    if (typeof b === 'boolean' || typeof r === 'boolean') return undefined;
    const c = b === undefined ? 'set' : r === undefined ? 'unset' : Number(r) > Number(b) ? 'increased' : 'decreased';
    return at(placeId(place, `${name}-${c}`), { from: String(b ?? ''), to: String(r ?? '') });
  }
  if (keyword === 'oneOf' || keyword === 'anyOf' || keyword === 'allOf') {
    const name = keyword === 'oneOf' ? 'one-of' : keyword === 'anyOf' ? 'any-of' : 'all-of';
    if (index === undefined)
      return change.action === 'add' && keyword === 'oneOf' ? at(placeId(place, 'wrapped-in-one-of')) : undefined;
    return change.action === 'replace' ? undefined : at(placeId(place, `${name}-${ACTION[change.action]}`));
  }
  if (keyword === 'default' && place === 'request-parameter')
    return at(
      change.action === 'add'
        ? 'request-parameter-default-value-added'
        : change.action === 'remove'
          ? 'request-parameter-default-value-removed'
          : 'request-parameter-default-value-changed',
    );
  if (keyword === 'writeOnly' && !request && change.after !== true)
    return at('response-required-property-became-not-write-only');
  if (typeof keyword === 'string' && keyword in KEYWORD_NAMES)
    return at(placeId(place, `${KEYWORD_NAMES[keyword]}-${ACTION[change.action]}`));
  return undefined;
}

function requiredNames(change: KeywordChange, index: Token | undefined): string[] {
  const v = change.action === 'remove' ? change.before : change.after;
  if (index !== undefined) return typeof v === 'string' ? [v] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
