/** A response property the client could count on may now be missing (or, write-only before, now shows up). */
import { segment } from '../model/json.ts';
import { shapeOf } from '../model/schema.ts';
import { pairArgs, pairLocation, type Rule } from './rule.ts';

export const responsePropertyBecameOptional: Rule = {
  name: 'response-property-became-optional',
  ids: ['response-property-became-optional', 'response-required-property-became-not-write-only'],
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.place !== 'response-body' && pair.place !== 'response-property') continue;
      const before = shapeOf(model.base, pair.base);
      const after = shapeOf(model.revision, pair.revision);
      for (const [name, p] of after.properties) {
        const old = before.properties.get(name);
        if (!old) continue;
        const property = pair.property ? `${pair.property}/${name}` : name;
        const location = pairLocation(pair, 'revision', `/properties${segment(name)}`);
        if (before.required.has(name) && !after.required.has(name) && old.schema.writeOnly !== true)
          emit('response-property-became-optional', location, pairArgs(pair, { property }));
        if (after.required.has(name) && old.schema.writeOnly === true && p.schema.writeOnly !== true)
          emit('response-required-property-became-not-write-only', location, pairArgs(pair, { property }));
      }
    }
  },
};
