/** A response status the operation could answer with is gone; for a success status, clients relying on it break. */
import { asObject, segment } from '../model/json.ts';
import type { Rule } from './rule.ts';

export const responseStatusRemoved: Rule = {
  name: 'response-status-removed',
  ids: ['response-success-status-removed', 'response-non-success-status-removed'],
  check({ model, emit }) {
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const now = asObject(revision.value.responses);
      for (const status of Object.keys(asObject(base.value.responses))) {
        if (status in now) continue;
        emit(
          /^2/.test(status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
          {
            operation: { method: revision.method, path: revision.path },
            pointer: `${base.pointer}/responses${segment(status)}`,
            side: 'base',
          },
          { status },
        );
      }
    }
  },
};
