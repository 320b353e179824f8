/** A response header is gone or became optional: clients reading it break. */
import { asObject, segment } from '../model/json.ts';
import { lowerKeys } from '../model/diff.ts';
import { resolve } from '../model/refs.ts';
import type { Rule } from './rule.ts';

export const responseHeaderRemoved: Rule = {
  name: 'response-header-removed',
  ids: ['required-response-header-removed', 'optional-response-header-removed', 'response-header-became-optional'],
  check({ model, emit }) {
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const operation = { method: revision.method, path: revision.path };
      const rResponses = asObject(revision.value.responses);
      for (const [status, raw] of Object.entries(asObject(base.value.responses))) {
        if (!(status in rResponses)) continue;
        const now = lowerKeys(asObject(resolve(model.revision, rResponses[status]).value.headers));
        for (const [header, h] of Object.entries(asObject(resolve(model.base, raw).value.headers))) {
          const was = resolve(model.base, h).value;
          const other = now.get(header.toLowerCase());
          const pointer = `${base.pointer}/responses${segment(status)}/headers${segment(header)}`;
          if (!other)
            emit(
              was.required === true ? 'required-response-header-removed' : 'optional-response-header-removed',
              { operation, pointer, side: 'base' },
              { status, header },
            );
          else if (was.required === true && resolve(model.revision, other.value).value.required !== true)
            emit('response-header-became-optional', { operation, pointer, side: 'base' }, { status, header });
        }
      }
    }
  },
};
