/** A request body appears as required, becomes required, or disappears: clients' requests no longer fit. */
import { isObject } from '../model/json.ts';
import { resolve } from '../model/refs.ts';
import type { Rule } from './rule.ts';

export const requestBodyRequired: Rule = {
  name: 'request-body-required',
  ids: [
    'request-body-removed',
    'request-body-added-required',
    'request-body-added-optional',
    'request-body-became-required',
  ],
  check({ model, emit }) {
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const operation = { method: revision.method, path: revision.path };
      const had = isObject(base.value.requestBody);
      const has = isObject(revision.value.requestBody);
      const before = resolve(model.base, base.value.requestBody).value;
      const after = resolve(model.revision, revision.value.requestBody).value;
      if (had && !has)
        emit('request-body-removed', { operation, pointer: `${base.pointer}/requestBody`, side: 'base' }, {});
      else if (!had && has)
        emit(
          after.required === true ? 'request-body-added-required' : 'request-body-added-optional',
          { operation, pointer: `${revision.pointer}/requestBody`, side: 'revision' },
          {},
        );
      else if (had && has && before.required !== true && after.required === true)
        emit(
          'request-body-became-required',
          { operation, pointer: `${revision.pointer}/requestBody/required`, side: 'revision' },
          {},
        );
    }
  },
};
