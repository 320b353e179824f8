/**
 * oneOf / anyOf / allOf members. A request that loses an alternative (or gains an allOf constraint) refuses what
 * clients send; a response that gains a oneOf alternative sends what clients do not expect. A schema newly wrapped
 * in oneOf changes shape for both sides.
 */
import { membersOf } from '../model/schema.ts';
import { pairArgs, pairLocation, placeId, placeIds, type Rule } from './rule.ts';

const KEYWORDS = [
  ['oneOf', 'one-of'],
  ['anyOf', 'any-of'],
  ['allOf', 'all-of'],
] as const;

const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', 'externalDocs', '$comment']);

export const composition: Rule = {
  name: 'composition',
  ids: placeIds([...KEYWORDS.flatMap(([, n]) => [`${n}-added`, `${n}-removed`]), 'wrapped-in-one-of']),
  check({ model, emit }) {
    for (const pair of model.schemas) {
      for (const [keyword, name] of KEYWORDS) {
        // An allOf member that only annotates (description, title, example...) constrains nothing.
        const constraining = (m: { schema: Record<string, unknown> }) =>
          keyword !== 'allOf' || Object.keys(m.schema).some((k) => !ANNOTATIONS.has(k));
        const b = membersOf(model.base, pair.base, keyword).filter(constraining);
        const r = membersOf(model.revision, pair.revision, keyword).filter(constraining);
        if (keyword === 'oneOf' && !b.length && r.length && !pair.property) {
          const id = placeId(pair.place, 'wrapped-in-one-of');
          if (id) emit(id, pairLocation(pair, 'revision', '/oneOf'), pairArgs(pair));
          continue;
        }
        const byIndex =
          b.length === r.length || b.every((m) => m.key.startsWith('#')) || r.every((m) => m.key.startsWith('#'));
        const key = (m: { key: string }, i: number) => (byIndex ? `#${i}` : m.key);
        const rKeys = new Set(r.map(key));
        const bKeys = new Set(b.map(key));
        const removed = b.filter((m, i) => !rKeys.has(key(m, i)));
        const added = r.filter((m, i) => !bKeys.has(key(m, i)));
        for (const [list, change, side] of [
          [removed, 'removed', 'base'],
          [added, 'added', 'revision'],
        ] as const) {
          if (!list.length) continue;
          const id = placeId(pair.place, `${name}-${change}`);
          if (id) emit(id, pairLocation(pair, side, `/${keyword}`), pairArgs(pair, { count: String(list.length) }));
        }
      }
    }
  },
};
