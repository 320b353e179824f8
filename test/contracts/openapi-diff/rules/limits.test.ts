// BC: tightening a request limit or loosening a response limit is breaking (a new limit may be).
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: limits', () => {
  it('tightening a request limit or loosening a response limit is breaking (a new limit may be)', async () => {
    assert.deepEqual(await ruleFindings('limits'), [
      "ERR request-parameter-max-decreased POST /pets: the maximum of the query parameter 'limit' decreased from 100 to 50",
      "ERR request-property-max-length-decreased POST /pets: the maximum length of property 'name' of the request body (application/json) decreased from 50 to 20",
      "ERR response-property-max-increased POST /pets: the maximum of property 'score' of the 201 response body (application/json) increased from 10 to 100",
      "WARN request-property-min-items-set POST /pets: property 'tags' of the request body (application/json) got a minimum number of items (1)",
    ]);
  });

  it('reversed: loosening a request limit or tightening a response limit is not breaking', async () => {
    assert.deepEqual(await ruleFindings('limits', { reversed: true }), []);
  });
});
