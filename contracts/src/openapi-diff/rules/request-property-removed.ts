/** A request property is gone: clients still sending it may be refused (or see it silently ignored). */
import { segment } from '../model/json.ts';
import { shapeOf } from '../model/schema.ts';
import { pairArgs, pairLocation, type Rule } from './rule.ts';

export const requestPropertyRemoved: Rule = {
  name: 'request-property-removed',
  ids: ['request-property-removed'],
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.place !== 'request-body' && pair.place !== 'request-property') continue;
      const after = shapeOf(model.revision, pair.revision);
      for (const [name, p] of shapeOf(model.base, pair.base).properties) {
        if (after.properties.has(name) || p.schema.readOnly === true) continue;
        const property = pair.property ? `${pair.property}/${name}` : name;
        emit(
          'request-property-removed',
          pairLocation(pair, 'base', `/properties${segment(name)}`),
          pairArgs(pair, { property }),
        );
      }
    }
  },
};
