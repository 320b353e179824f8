// BC: a new request pattern is breaking, a changed one may be, and one that matches everything is no pattern.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: pattern-changed', () => {
  it('a new request pattern is breaking, a changed one may be, and one that matches everything is no pattern', async () => {
    assert.deepEqual(await ruleFindings('pattern-changed'), [
      "ERR request-property-pattern-added POST /pets: property 'code' of the request body (application/json) must now match the pattern '^[A-Z]{3}$'",
      "WARN request-parameter-pattern-changed POST /pets: the pattern of the query parameter 'q' changed from '^[a-z]+$' to '^[a-z0-9]+$'",
      "INFO request-property-pattern-removed POST /pets: property 'slug' of the request body (application/json) no longer has to match the pattern '^[a-z-]+$'",
    ]);
  });

  it('reversed: the reverse swaps the roles', async () => {
    assert.deepEqual(await ruleFindings('pattern-changed', { reversed: true }), [
      "ERR request-property-pattern-added POST /pets: property 'slug' of the request body (application/json) must now match the pattern '^[a-z-]+$'",
      "WARN request-parameter-pattern-changed POST /pets: the pattern of the query parameter 'q' changed from '^[a-z0-9]+$' to '^[a-z]+$'",
      "INFO request-property-pattern-removed POST /pets: property 'code' of the request body (application/json) no longer has to match the pattern '^[A-Z]{3}$'",
    ]);
  });
});
