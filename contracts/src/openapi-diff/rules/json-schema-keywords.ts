/**
 * The JSON Schema 2020-12 keywords OpenAPI 3.1 adds (contains, dependentRequired, prefixItems, unevaluated*, const,
 * content*, if/then/else ...). Each tightens what it applies to: added in a request, or removed in a response, breaks
 * clients. Map-valued keywords (dependentRequired, dependentSchemas, patternProperties) are compared key by key.
 */
import { asObject, sameJson } from '../model/json.ts';
import type { SchemaPair } from '../model/schema-pair.ts';
import { pairArgs, pairLocation, placeId, placeIds, type RuleContext, type Rule } from './rule.ts';

/** keyword -> its name in rule ids; `map`: compared key by key; `number`: increased/decreased. */
const KEYWORDS: [keyword: string, name: string, kind: 'value' | 'map' | 'number'][] = [
  ['const', 'const', 'value'],
  ['contains', 'contains', 'value'],
  ['minContains', 'min-contains', 'number'],
  ['maxContains', 'max-contains', 'number'],
  ['prefixItems', 'prefix-items', 'value'],
  ['propertyNames', 'property-names', 'value'],
  ['unevaluatedItems', 'unevaluated-items', 'value'],
  ['unevaluatedProperties', 'unevaluated-properties', 'value'],
  ['contentSchema', 'content-schema', 'value'],
  ['contentMediaType', 'content-media-type', 'value'],
  ['contentEncoding', 'content-encoding', 'value'],
  ['if', 'if', 'value'],
  ['then', 'then', 'value'],
  ['else', 'else', 'value'],
  ['dependentRequired', 'dependent-required', 'map'],
  ['dependentSchemas', 'dependent-schema', 'map'],
  ['patternProperties', 'pattern-property', 'map'],
];

export const jsonSchemaKeywords: Rule = {
  name: 'json-schema-keywords',
  ids: placeIds(
    KEYWORDS.flatMap(([, n]) => ['added', 'removed', 'changed', 'increased', 'decreased'].map((c) => `${n}-${c}`)),
  ),
  check(ctx) {
    for (const pair of ctx.model.schemas)
      for (const [keyword, name, kind] of KEYWORDS) {
        const [b, r] = [pair.base[keyword], pair.revision[keyword]];
        if (b === undefined && r === undefined) continue;
        if (kind === 'map' && (b !== undefined || r !== undefined)) {
          const [bm, rm] = [asObject(b), asObject(r)];
          for (const key of new Set([...Object.keys(bm), ...Object.keys(rm)]))
            report(ctx, pair, keyword, name, bm[key], rm[key], key);
        } else report(ctx, pair, keyword, name, b, r);
      }
  },
};

function report(
  ctx: RuleContext,
  pair: SchemaPair,
  keyword: string,
  name: string,
  b: unknown,
  r: unknown,
  key?: string,
) {
  let change: string;
  if (b === undefined && r !== undefined) change = 'added';
  else if (b !== undefined && r === undefined) change = 'removed';
  else if (sameJson(b, r)) return;
  else if (typeof b === 'number' && typeof r === 'number') change = r > b ? 'increased' : 'decreased';
  else change = 'changed';
  const id = placeId(pair.place, `${name}-${change}`);
  if (!id) return;
  const suffix = `/${keyword}${key === undefined ? '' : `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`}`;
  ctx.emit(
    id,
    pairLocation(pair, change === 'removed' ? 'base' : 'revision', suffix),
    pairArgs(pair, key === undefined ? {} : { key }),
  );
}
