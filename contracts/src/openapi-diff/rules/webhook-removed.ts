/** An OpenAPI 3.1 webhook is gone: subscribers stop receiving its calls. */
import { asObject, segment } from '../model/json.ts';
import type { Rule } from './rule.ts';

export const webhookRemoved: Rule = {
  name: 'webhook-removed',
  ids: ['webhook-removed', 'webhook-added'],
  check({ model, emit }) {
    const [b, r] = [asObject(model.base.webhooks), asObject(model.revision.webhooks)];
    for (const name of Object.keys(b))
      if (!(name in r))
        emit('webhook-removed', { pointer: `/webhooks${segment(name)}`, side: 'base' }, { webhook: name });
    for (const name of Object.keys(r))
      if (!(name in b))
        emit('webhook-added', { pointer: `/webhooks${segment(name)}`, side: 'revision' }, { webhook: name });
  },
};
