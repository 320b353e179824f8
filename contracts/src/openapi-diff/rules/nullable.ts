/** `null` stops being accepted in a request, or starts arriving in a response. */
import { isNullable } from '../model/schema.ts';
import { pairArgs, pairLocation, placeId, placeIds, type Rule } from './rule.ts';

export const nullable: Rule = {
  name: 'nullable',
  ids: placeIds(['became-nullable', 'became-not-nullable']),
  check({ model, emit }) {
    for (const pair of model.schemas) {
      const [was, is] = [isNullable(pair.base), isNullable(pair.revision)];
      if (was === is) continue;
      const id = placeId(pair.place, is ? 'became-nullable' : 'became-not-nullable');
      if (id) emit(id, pairLocation(pair), pairArgs(pair));
    }
  },
};
