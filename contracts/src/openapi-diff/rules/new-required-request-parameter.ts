/** A request needs a parameter it did not need before: clients that do not send it are refused. */
import type { Rule } from './rule.ts';

export const newRequiredRequestParameter: Rule = {
  name: 'new-required-request-parameter',
  ids: ['new-required-request-parameter', 'new-optional-request-parameter', 'request-parameter-became-required'],
  check({ model, emit }) {
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const operation = { method: revision.method, path: revision.path };
      for (const [key, p] of revision.parameters) {
        const before = base.parameters.get(key);
        const required = p.value.required === true || p.in === 'path';
        const args = { parameter: p.name, in: p.in };
        if (!before)
          emit(
            required ? 'new-required-request-parameter' : 'new-optional-request-parameter',
            { operation, pointer: p.pointer, side: 'revision' },
            args,
          );
        else if (required && before.value.required !== true && before.in !== 'path')
          emit(
            'request-parameter-became-required',
            { operation, pointer: `${p.pointer}/required`, side: 'revision' },
            args,
          );
      }
    }
  },
};
