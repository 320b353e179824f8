// BC: a request property that stops accepting null, or a response property that may now be null, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: nullable', () => {
  it('a request property that stops accepting null, or a response property that may now be null, is breaking', async () => {
    assert.deepEqual(await ruleFindings('nullable'), [
      "ERR request-property-became-not-nullable POST /pets: property 'note' of the request body (application/json) is no longer nullable",
      "ERR response-property-became-nullable POST /pets: property 'name' of the 201 response body (application/json) became nullable",
    ]);
  });

  it('reversed: the opposite changes are not breaking', async () => {
    assert.deepEqual(await ruleFindings('nullable', { reversed: true }), [
      "INFO request-property-became-nullable POST /pets: property 'note' of the request body (application/json) became nullable",
      "INFO response-property-became-not-nullable POST /pets: property 'name' of the 201 response body (application/json) is no longer nullable",
    ]);
  });
});
