// BC: removing a request property may break clients that still send it.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: request-property-removed', () => {
  it('removing a request property may break clients that still send it', async () => {
    assert.deepEqual(await ruleFindings('request-property-removed'), [
      "WARN request-property-removed POST /pets: removed the property 'tag' of the request body (application/json)",
    ]);
  });

  it('reversed: adding an optional request property is not breaking', async () => {
    assert.deepEqual(await ruleFindings('request-property-removed', { reversed: true }), [
      "INFO new-optional-request-property POST /pets: added the optional property 'tag' of the request body (application/json)",
    ]);
  });
});
