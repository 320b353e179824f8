// BC: Swagger 2.0 documents are converted to OpenAPI 3.0 first: a removed optional response field is found.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: swagger-2.0', () => {
  it('Swagger 2.0 documents are converted to OpenAPI 3.0 first: a removed optional response field is found', async () => {
    assert.deepEqual(await ruleFindings('swagger-2.0'), [
      "WARN response-optional-property-removed GET /pets/{id}: removed the optional property 'nickname' of the 200 response body (application/json)",
    ]);
  });

  it('reversed: adding it back is not breaking', async () => {
    assert.deepEqual(await ruleFindings('swagger-2.0', { reversed: true }), []);
  });
});
