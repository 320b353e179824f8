// BC: changing a type is breaking; widening a request type (integer to number) is not.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: type-changed', () => {
  it('changing a type is breaking; widening a request type (integer to number) is not', async () => {
    assert.deepEqual(await ruleFindings('type-changed'), [
      "ERR request-property-type-changed POST /pets: the type of property 'age' of the request body (application/json) changed from integer to string",
      "ERR response-header-type-changed POST /pets: the type of the header 'X-Rate' of the 201 response changed from integer to string",
      "ERR response-property-type-changed POST /pets: the type of property 'id' of the 201 response body (application/json) changed from integer to string",
      "INFO request-parameter-type-generalized POST /pets: the type of the query parameter 'limit' was widened from integer to number",
    ]);
  });

  it('reversed: narrowing a request type (number to integer) is breaking', async () => {
    assert.deepEqual(await ruleFindings('type-changed', { reversed: true }), [
      "ERR request-parameter-type-changed POST /pets: the type of the query parameter 'limit' changed from number to integer",
      "ERR request-property-type-changed POST /pets: the type of property 'age' of the request body (application/json) changed from string to integer",
      "ERR response-header-type-changed POST /pets: the type of the header 'X-Rate' of the 201 response changed from string to integer",
      "ERR response-property-type-changed POST /pets: the type of property 'id' of the 201 response body (application/json) changed from string to integer",
    ]);
  });
});
