// BC: removing a response property is breaking when it was required and may break clients when it was optional (the rollback case).
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: response-property-removed', () => {
  it('removing a response property is breaking when it was required and may break clients when it was optional (the rollback case)', async () => {
    assert.deepEqual(await ruleFindings('response-property-removed'), [
      "ERR response-required-property-removed GET /pets/{id}: removed the required property 'name' of the 200 response body (application/json)",
      "WARN response-optional-property-removed GET /pets/{id}: removed the optional property 'nickname' of the 200 response body (application/json)",
      "WARN response-optional-property-removed GET /pets/{id}: removed the optional property 'owner/email' of the 200 response body (application/json)",
    ]);
  });

  it('reversed: adding response properties is not breaking', async () => {
    assert.deepEqual(await ruleFindings('response-property-removed', { reversed: true }), []);
  });
});
