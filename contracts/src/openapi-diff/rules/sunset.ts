/**
 * Deprecation promises (`deprecated` with oasdiff's `x-sunset` date): a sunset date that disappears or cannot be read
 * leaves clients without the notice they were promised.
 */
import { sunsetOf } from './sunset-date.ts';
import type { Rule } from './rule.ts';

export const sunset: Rule = {
  name: 'sunset',
  ids: ['sunset-deleted', 'api-path-sunset-parse', 'request-parameter-sunset-deleted'],
  check({ model, emit }) {
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const operation = { method: revision.method, path: revision.path };
      const [b, r] = [sunsetOf(base.value), sunsetOf(revision.value)];
      const pointer = `${revision.pointer}/x-sunset`;
      if (base.value.deprecated === true && revision.value.deprecated === true && b.present && !r.present)
        emit('sunset-deleted', { operation, pointer: `${base.pointer}/x-sunset`, side: 'base' }, {});
      else if (
        (b.present || r.present) &&
        String(base.value['x-sunset']) !== String(revision.value['x-sunset']) &&
        ((b.present && !b.date) || (r.present && !r.date))
      )
        emit(
          'api-path-sunset-parse',
          { operation, pointer, side: 'revision' },
          { sunset: String(r.present && !r.date ? revision.value['x-sunset'] : base.value['x-sunset']) },
        );
      for (const [key, p] of base.parameters) {
        const q = revision.parameters.get(key);
        if (
          q?.value.deprecated === true &&
          p.value.deprecated === true &&
          sunsetOf(p.value).present &&
          !sunsetOf(q.value).present
        )
          emit(
            'request-parameter-sunset-deleted',
            { operation, pointer: `${p.pointer}/x-sunset`, side: 'base' },
            { parameter: p.name, in: p.in },
          );
      }
    }
  },
};
