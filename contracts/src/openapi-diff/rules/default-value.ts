/** A request parameter's default changed: clients that omit it now get a different behaviour. */
import { sameJson } from '../model/json.ts';
import { pairArgs, pairLocation, type Rule, show } from './rule.ts';

export const defaultValue: Rule = {
  name: 'default-value',
  ids: [
    'request-parameter-default-value-changed',
    'request-parameter-default-value-added',
    'request-parameter-default-value-removed',
  ],
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.place !== 'request-parameter') continue;
      const [b, r] = [pair.base.default, pair.revision.default];
      if (b === undefined && r === undefined) continue;
      if (b !== undefined && r !== undefined && sameJson(b, r)) continue;
      const id =
        b === undefined
          ? 'request-parameter-default-value-added'
          : r === undefined
            ? 'request-parameter-default-value-removed'
            : 'request-parameter-default-value-changed';
      emit(
        id,
        pairLocation(pair, r === undefined ? 'base' : 'revision', '/default'),
        pairArgs(pair, { from: b === undefined ? '' : show(b), to: r === undefined ? '' : show(r) }),
      );
    }
  },
};
