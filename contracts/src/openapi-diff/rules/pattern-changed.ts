/** A request value must now match a pattern (or a different one): values clients send may be refused. */
import { pairArgs, pairLocation, placeId, placeIds, type Rule } from './rule.ts';

/** A pattern that matches every string (`.*`, `''`) constrains nothing: the same as no pattern. */
const pattern = (p: unknown) => (typeof p !== 'string' || /^\^?(\.\*)?\$?$/.test(p) ? undefined : p);

export const patternChanged: Rule = {
  name: 'pattern-changed',
  ids: placeIds(['pattern-added', 'pattern-changed', 'pattern-removed']),
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.direction !== 'request') continue;
      const [b, r] = [pattern(pair.base.pattern), pattern(pair.revision.pattern)];
      if (b === r) continue;
      const change = b === undefined ? 'pattern-added' : r === undefined ? 'pattern-removed' : 'pattern-changed';
      const id = placeId(pair.place, change);
      if (id)
        emit(
          id,
          pairLocation(pair, r === undefined ? 'base' : 'revision', '/pattern'),
          pairArgs(pair, { from: String(b ?? ''), to: String(r ?? '') }),
        );
    }
  },
};
