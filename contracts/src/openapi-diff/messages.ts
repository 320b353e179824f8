/**
 * The one English catalogue of the OpenAPI diff. Checks and adapters never write English: a finding is an id with
 * arguments, and its sentence comes from here. Ids of a family named `<place>-<change>` (`request-property-max-set`,
 * `response-body-min-decreased`) share one template per change, where `{where}` says what the schema belongs to
 * ("property 'a/b' of the request body (application/json)", "query parameter 'limit'").
 */
import { RULE_LEVELS, type RuleId } from './rule-levels.ts';
import type { Finding } from './types.ts';

/** Sentences of ids that are not `<place>-<change>`. */
const BY_ID: Partial<Record<RuleId, string>> = {
  'api-path-removed-without-deprecation': 'removed the path {path} ({method}) without deprecating it first',
  'api-removed-without-deprecation': 'removed the operation {method} {path} without deprecating it first',
  'api-path-removed-before-sunset': 'removed the path {path} ({method}) before its sunset date',
  'api-removed-before-sunset': 'removed the operation {method} {path} before its sunset date',
  'api-path-removed-with-deprecation': 'removed the deprecated path {path} ({method})',
  'api-removed-with-deprecation': 'removed the deprecated operation {method} {path}',
  'api-path-sunset-parse': "the sunset date '{sunset}' of this deprecated operation cannot be read",
  'sunset-deleted': 'the sunset date of this deprecated operation was deleted',
  'response-success-status-removed': 'removed the success response status {status}',
  'response-non-success-status-removed': 'removed the response status {status}',
  'request-parameter-removed': "removed the {in} parameter '{parameter}'",
  'request-parameter-removed-before-sunset':
    "removed the deprecated {in} parameter '{parameter}' before its sunset date",
  'request-parameter-removed-with-deprecation': "removed the deprecated {in} parameter '{parameter}'",
  'request-parameter-sunset-deleted': "the sunset date of the deprecated {in} parameter '{parameter}' was deleted",
  'new-required-request-parameter': "added the required {in} parameter '{parameter}'",
  'new-optional-request-parameter': "added the optional {in} parameter '{parameter}'",
  'request-parameter-became-required': "the {in} parameter '{parameter}' became required",
  'request-parameter-default-value-changed':
    "the default of the {in} parameter '{parameter}' changed from {from} to {to}",
  'request-parameter-default-value-added': "the {in} parameter '{parameter}' got a default ({to})",
  'request-parameter-default-value-removed': "the {in} parameter '{parameter}' lost its default ({from})",
  'request-body-removed': 'removed the request body',
  'request-body-added-required': 'added a required request body',
  'request-body-added-optional': 'added an optional request body',
  'request-body-became-required': 'the request body became required',
  'request-body-media-type-removed': "removed the request body media type '{mediaType}'",
  'response-media-type-removed': "removed the media type '{mediaType}' of the {status} response",
  'response-required-property-removed': 'removed the required {where}',
  'response-optional-property-removed': 'removed the optional {where}',
  'response-property-became-optional': '{where} became optional',
  'response-required-property-became-not-write-only': 'the required {where} is no longer write-only',
  'request-property-removed': 'removed the {where}',
  'new-required-request-property': 'added the required {where}',
  'new-required-request-property-with-default': 'added the required {where} (it has a default)',
  'new-optional-request-property': 'added the optional {where}',
  'request-property-became-required': '{where} became required',
  'request-property-became-required-with-default': '{where} became required (it has a default)',
  'request-header-property-became-enum': '{where} became an enumeration',
  'required-response-header-removed': "removed the required header '{header}' of the {status} response",
  'optional-response-header-removed': "removed the optional header '{header}' of the {status} response",
  'response-header-became-optional': "the header '{header}' of the {status} response became optional",
  'webhook-removed': "removed the webhook '{webhook}'",
  'webhook-added': "added the webhook '{webhook}'",
};

/** Sentences of the `<place>-<change>` families, by change. */
const BY_CHANGE: Record<string, string> = {
  'type-changed': 'the type of {where} changed from {from} to {to}',
  'type-generalized': 'the type of {where} was widened from {from} to {to}',
  'type-specialized': 'the type of {where} was narrowed from {from} to {to}',
  'became-nullable': '{where} became nullable',
  'became-not-nullable': '{where} is no longer nullable',
  'became-enum': '{where} became an enumeration',
  'enum-value-removed': 'removed the value {value} from the enumeration of {where}',
  'enum-value-added': 'added the value {value} to the enumeration of {where}',
  'x-extensible-enum-value-removed': 'removed the value {value} from the x-extensible-enum of {where}',
  'pattern-added': "{where} must now match the pattern '{to}'",
  'pattern-changed': "the pattern of {where} changed from '{from}' to '{to}'",
  'pattern-removed': "{where} no longer has to match the pattern '{from}'",
  'wrapped-in-one-of': '{where} was wrapped in oneOf',
};

const LIMIT_WORDS: Record<string, string> = {
  max: 'maximum',
  'exclusive-max': 'exclusive maximum',
  'max-length': 'maximum length',
  'max-items': 'maximum number of items',
  min: 'minimum',
  'exclusive-min': 'exclusive minimum',
  'min-length': 'minimum length',
  'min-items': 'minimum number of items',
  'min-contains': 'minContains',
  'max-contains': 'maxContains',
};
const KEYWORD_WORDS: Record<string, string> = {
  'one-of': 'a oneOf alternative',
  'any-of': 'an anyOf alternative',
  'all-of': 'an allOf member',
  const: 'const',
  contains: 'contains',
  'prefix-items': 'prefixItems',
  'property-names': 'propertyNames',
  'unevaluated-items': 'unevaluatedItems',
  'unevaluated-properties': 'unevaluatedProperties',
  'content-schema': 'contentSchema',
  'content-media-type': 'contentMediaType',
  'content-encoding': 'contentEncoding',
  'dependent-required': "dependentRequired '{key}'",
  'dependent-schema': "dependentSchemas '{key}'",
  'pattern-property': "patternProperties '{key}'",
  // biome's noThenProperty: no `then` key written out in an object literal.
  ...Object.fromEntries(['if', 'then', 'else'].map((k) => [k, k])),
};

const PLACE =
  /^(request-parameter-property|request-parameter|request-property|request-body|response-property|response-body|response-header)-(.+)$/;

function template(id: RuleId): string {
  const exact = BY_ID[id];
  if (exact) return exact;
  const change = PLACE.exec(id)?.[2] ?? id;
  if (BY_CHANGE[change]) return BY_CHANGE[change];
  const m = /^(.+)-(increased|decreased|set|unset|added|removed|changed)$/.exec(change);
  if (m && LIMIT_WORDS[m[1]]) {
    const what = LIMIT_WORDS[m[1]];
    if (m[2] === 'set') return `{where} got a ${what} ({to})`;
    if (m[2] === 'unset') return `{where} lost its ${what} ({from})`;
    return `the ${what} of {where} ${m[2]} from {from} to {to}`;
  }
  if (m && KEYWORD_WORDS[m[1]])
    return `${m[2]} ${KEYWORD_WORDS[m[1]]} ${m[2] === 'changed' ? 'of' : m[2] === 'added' ? 'to' : 'from'} {where}`;
  return id.replace(/-/g, ' ');
}

/** The sentence for every id rollgate can report (a test checks none falls back to the bare id). */
export const MESSAGES: Record<RuleId, string> = Object.fromEntries(
  Object.keys(RULE_LEVELS).map((id) => [id, template(id as RuleId)]),
) as Record<RuleId, string>;

export function findingMessage(f: Finding): string {
  // A library engine may not give the values ("from X to Y", "(X)"): the sentence then goes without them.
  const template = MESSAGES[f.id]
    .replace(/ from \{from\} to \{to\}/, (m) => (f.args.from !== undefined && f.args.to !== undefined ? m : ''))
    .replace(/ \((\{(?:from|to)\})\)/, (m, arg: string) => (f.args[arg.slice(1, -1)] !== undefined ? m : ''));
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k === 'where' ? where(f) : (f.args[k] ?? '')));
}

/** "property 'a/b' of the request body (application/json)", "query parameter 'limit'", ... */
function where(f: Finding): string {
  const a = f.args;
  const media = a.mediaType ? ` (${a.mediaType})` : '';
  const owner = a.parameter
    ? `the ${a.in} parameter '${a.parameter}'`
    : a.header
      ? `the header '${a.header}' of the ${a.status} response`
      : a.status
        ? `the ${a.status} response body${media}`
        : `the request body${media}`;
  return a.property ? `property '${a.property}' of ${owner}` : owner;
}
