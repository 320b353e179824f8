/**
 * A schema's type (or format) changed. In a request, a type the client could send is no longer accepted; in a
 * response, a type the client never saw may arrive. `integer` counts as included in `number`.
 */
import { typesOf } from '../model/schema.ts';
import type { Json } from '../model/json.ts';
import { resolve } from '../model/refs.ts';
import type { SchemaPair } from '../model/schema-pair.ts';
import { pairArgs, pairLocation, placeId, placeIds, type Rule } from './rule.ts';

const covers = (set: Set<string>, t: string) => set.has(t) || (t === 'integer' && set.has('number'));
const list = (s: Set<string>) => [...s].sort().join(', ');

export const typeChanged: Rule = {
  name: 'type-changed',
  ids: placeIds(['type-changed', 'type-generalized', 'type-specialized']),
  check({ model, emit }) {
    for (const pair of model.schemas) {
      const change = classify(model.revision, pair);
      if (!change) continue;
      const id = placeId(pair.place, change);
      if (!id) continue;
      const [bt, rt] = [typesOf(pair.base), typesOf(pair.revision)];
      emit(
        id,
        pairLocation(pair, 'revision', '/type'),
        pairArgs(pair, {
          from: formatOf(list(bt), pair.base.format),
          to: formatOf(list(rt), pair.revision.format),
        }),
      );
    }
  },
};

const formatOf = (types: string, format: unknown) => (typeof format === 'string' ? `${types}/${format}` : types);

function classify(revisionDoc: Json, pair: SchemaPair): string | undefined {
  const bt = typesOf(pair.base);
  const rt = typesOf(pair.revision);
  if (pair.place === 'request-parameter' && bt.size && !bt.has('array') && rt.size === 1 && rt.has('array'))
    return scalarToArray(bt, resolve(revisionDoc, pair.revision.items).value);
  if (bt.size && rt.size) {
    const lost = [...bt].filter((t) => !covers(rt, t));
    const gained = [...rt].filter((t) => !covers(bt, t));
    if (pair.direction === 'request') {
      if (lost.length) return 'type-changed';
      if (gained.length) return 'type-generalized';
    } else {
      if (gained.length) return lost.length ? 'type-changed' : 'type-generalized';
      if (lost.length) return 'type-specialized';
    }
  }
  const [bf, rf] = [pair.base.format, pair.revision.format];
  if (typeof bf === 'string' && typeof rf === 'string' && bf !== rf) return 'type-changed';
  return undefined;
}

/** Keywords that constrain an array item beyond its type. */
const ITEM_CONSTRAINTS = ['pattern', 'enum', 'const', 'format', 'minimum', 'maximum', 'minLength', 'maxLength'];

/**
 * A scalar query/header parameter turned into an array (`?p=a` is still a valid one-item array): no change for
 * clients when the items accept every value the scalar did, as text (a parameter's integer is also a string).
 */
function scalarToArray(before: Set<string>, items: Json): string {
  const it = typesOf(items);
  const accepted = (t: string) => !it.size || covers(it, t) || (it.has('string') && t !== 'object' && t !== 'array');
  const constrained = ITEM_CONSTRAINTS.some((k) => items[k] !== undefined);
  return [...before].every(accepted) && !constrained ? 'type-generalized' : 'type-changed';
}
