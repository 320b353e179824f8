/** A request needs a property it did not need before (a new one, or an optional one made required). */
import { segment } from '../model/json.ts';
import { shapeOf } from '../model/schema.ts';
import { pairArgs, pairLocation, type Rule } from './rule.ts';

export const newRequiredRequestProperty: Rule = {
  name: 'new-required-request-property',
  ids: [
    'new-required-request-property',
    'new-required-request-property-with-default',
    'new-optional-request-property',
    'request-property-became-required',
    'request-property-became-required-with-default',
  ],
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.place !== 'request-body' && pair.place !== 'request-property') continue;
      const before = shapeOf(model.base, pair.base);
      const after = shapeOf(model.revision, pair.revision);
      for (const [name, p] of after.properties) {
        if (p.schema.readOnly === true) continue;
        const property = pair.property ? `${pair.property}/${name}` : name;
        const withDefault = p.schema.default !== undefined;
        const location = pairLocation(pair, 'revision', `/properties${segment(name)}`);
        const args = pairArgs(pair, { property });
        if (!before.properties.has(name)) {
          if (!after.required.has(name)) emit('new-optional-request-property', location, args);
          else
            emit(
              withDefault ? 'new-required-request-property-with-default' : 'new-required-request-property',
              location,
              args,
            );
        } else if (after.required.has(name) && !before.required.has(name))
          emit(
            withDefault ? 'request-property-became-required-with-default' : 'request-property-became-required',
            location,
            args,
          );
      }
    }
  },
};
