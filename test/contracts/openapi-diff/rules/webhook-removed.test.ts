// BC: OpenAPI 3.1: removing a webhook is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: webhook-removed', () => {
  it('OpenAPI 3.1: removing a webhook is breaking', async () => {
    assert.deepEqual(await ruleFindings('webhook-removed'), ["ERR webhook-removed: removed the webhook 'petSold'"]);
  });

  it('reversed: adding one is not', async () => {
    assert.deepEqual(await ruleFindings('webhook-removed', { reversed: true }), [
      "INFO webhook-added: added the webhook 'petSold'",
    ]);
  });
});
