/** A request parameter is gone: clients still sending it may be refused or silently ignored. */
import { beforeSunset } from './sunset-date.ts';
import type { Rule } from './rule.ts';

export const requestParameterRemoved: Rule = {
  name: 'request-parameter-removed',
  ids: [
    'request-parameter-removed',
    'request-parameter-removed-before-sunset',
    'request-parameter-removed-with-deprecation',
  ],
  check({ model, emit }) {
    const now = new Date();
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      for (const [key, p] of base.parameters) {
        if (revision.parameters.has(key)) continue;
        emit(
          p.value.deprecated !== true
            ? 'request-parameter-removed'
            : beforeSunset(p.value, now)
              ? 'request-parameter-removed-before-sunset'
              : 'request-parameter-removed-with-deprecation',
          { operation: { method: revision.method, path: revision.path }, pointer: p.pointer, side: 'base' },
          { parameter: p.name, in: p.in },
        );
      }
    }
  },
};
