/** A media type of a request body or a response is gone: clients sending or expecting it break. */
import { asObject, segment } from '../model/json.ts';
import { resolve } from '../model/refs.ts';
import type { Rule } from './rule.ts';

export const mediaTypeRemoved: Rule = {
  name: 'media-type-removed',
  ids: ['request-body-media-type-removed', 'response-media-type-removed'],
  check({ model, emit }) {
    const content = (doc: typeof model.base, v: unknown) => asObject(resolve(doc, v).value.content);
    for (const { base, revision } of model.operations) {
      if (!base || !revision) continue;
      const operation = { method: revision.method, path: revision.path };
      const bBody = content(model.base, base.value.requestBody);
      const rBody = content(model.revision, revision.value.requestBody);
      if (Object.keys(rBody).length)
        for (const mediaType of Object.keys(bBody))
          if (!(mediaType in rBody))
            emit(
              'request-body-media-type-removed',
              { operation, pointer: `${base.pointer}/requestBody/content${segment(mediaType)}`, side: 'base' },
              { mediaType },
            );
      const rResponses = asObject(revision.value.responses);
      for (const [status, raw] of Object.entries(asObject(base.value.responses))) {
        if (!(status in rResponses)) continue;
        const now = content(model.revision, rResponses[status]);
        for (const mediaType of Object.keys(content(model.base, raw)))
          if (!(mediaType in now))
            emit(
              'response-media-type-removed',
              {
                operation,
                pointer: `${base.pointer}/responses${segment(status)}/content${segment(mediaType)}`,
                side: 'base',
              },
              { status, mediaType },
            );
      }
    }
  },
};
