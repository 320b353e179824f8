/**
 * A response property is gone. Required or optional alike: a client reading an optional field the current version
 * sends breaks when a rollback stops sending it (oasdiff: ERR for required, WARN for optional).
 */
import { shapeOf } from '../model/schema.ts';
import { segment } from '../model/json.ts';
import { pairArgs, pairLocation, type Rule } from './rule.ts';

export const responsePropertyRemoved: Rule = {
  name: 'response-property-removed',
  ids: ['response-required-property-removed', 'response-optional-property-removed'],
  check({ model, emit }) {
    for (const pair of model.schemas) {
      if (pair.direction !== 'response' || pair.place === 'response-header') continue;
      const before = shapeOf(model.base, pair.base);
      const after = shapeOf(model.revision, pair.revision);
      for (const [name, p] of before.properties) {
        if (after.properties.has(name) || p.schema.writeOnly === true) continue;
        const property = pair.property ? `${pair.property}/${name}` : name;
        emit(
          before.required.has(name) ? 'response-required-property-removed' : 'response-optional-property-removed',
          pairLocation(pair, 'base', `/properties${segment(name)}`),
          pairArgs(pair, { property }),
        );
      }
    }
  },
};
