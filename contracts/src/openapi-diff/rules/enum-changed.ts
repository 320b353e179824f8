/**
 * Enumerations: a request that starts limiting values, or drops a value clients send, refuses them; a response that
 * adds a value sends clients something they may not handle. `x-extensible-enum` values removed count like enum values.
 */
import { sameJson } from '../model/json.ts';
import type { SchemaPair } from '../model/schema-pair.ts';
import { pairArgs, pairLocation, placeId, placeIds, type RuleContext, type Rule, show } from './rule.ts';

export const enumChanged: Rule = {
  name: 'enum-changed',
  ids: [
    ...placeIds(['became-enum', 'enum-value-removed', 'enum-value-added', 'x-extensible-enum-value-removed']),
    'request-header-property-became-enum',
  ],
  check(ctx) {
    for (const pair of ctx.model.schemas) {
      const [b, r] = [pair.base.enum, pair.revision.enum];
      if (pair.direction === 'request' && !Array.isArray(b) && Array.isArray(r)) {
        const id =
          pair.place === 'request-parameter-property' && pair.where.in === 'header'
            ? 'request-header-property-became-enum'
            : placeId(pair.place, 'became-enum');
        if (id) ctx.emit(id, pairLocation(pair, 'revision', '/enum'), pairArgs(pair));
      }
      values(ctx, pair, 'enum', pair.direction === 'request' ? 'enum-value-removed' : 'enum-value-added');
      if (pair.direction === 'response') values(ctx, pair, 'enum', 'enum-value-removed');
      if (pair.direction === 'request') values(ctx, pair, 'x-extensible-enum', 'x-extensible-enum-value-removed');
    }
  },
};

function values(ctx: RuleContext, pair: SchemaPair, keyword: string, change: string): void {
  const [b, r] = [pair.base[keyword], pair.revision[keyword]];
  if (!Array.isArray(b) || !Array.isArray(r)) return;
  const id = placeId(pair.place, change);
  if (!id) return;
  const [from, to] = change.endsWith('removed') ? [b, r] : [r, b];
  for (const value of from)
    if (!to.some((v) => sameJson(v, value)))
      ctx.emit(
        id,
        pairLocation(pair, change.endsWith('removed') ? 'base' : 'revision', `/${keyword}`),
        pairArgs(pair, { value: show(value) }),
      );
}
