/** An operation, or its whole path, is gone: every client calling it breaks (the first thing a rollback loses). */
import { beforeSunset } from './sunset-date.ts';
import type { Rule } from './rule.ts';

export const apiRemoved: Rule = {
  name: 'api-removed',
  ids: [
    'api-path-removed-without-deprecation',
    'api-removed-without-deprecation',
    'api-path-removed-before-sunset',
    'api-removed-before-sunset',
    'api-path-removed-with-deprecation',
    'api-removed-with-deprecation',
  ],
  check({ model, emit }) {
    const revisionPaths = new Set(model.operations.filter((o) => o.revision).map((o) => o.revision!.pathKey));
    const now = new Date();
    for (const { base, revision } of model.operations) {
      if (!base || revision) continue;
      const whole = !revisionPaths.has(base.pathKey);
      const id =
        base.value.deprecated !== true
          ? whole
            ? 'api-path-removed-without-deprecation'
            : 'api-removed-without-deprecation'
          : beforeSunset(base.value, now)
            ? whole
              ? 'api-path-removed-before-sunset'
              : 'api-removed-before-sunset'
            : whole
              ? 'api-path-removed-with-deprecation'
              : 'api-removed-with-deprecation';
      emit(
        id,
        { operation: { method: base.method, path: base.path }, pointer: base.pointer, side: 'base' },
        { method: base.method.toUpperCase(), path: base.path },
      );
    }
  },
};
