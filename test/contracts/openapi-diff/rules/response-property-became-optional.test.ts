// BC: a required response property made optional is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: response-property-became-optional', () => {
  it('a required response property made optional is breaking', async () => {
    assert.deepEqual(await ruleFindings('response-property-became-optional'), [
      "ERR response-property-became-optional GET /pets: property 'items/name' of the 200 response body (application/json) became optional",
    ]);
  });

  it('reversed: making it required again is not breaking', async () => {
    assert.deepEqual(await ruleFindings('response-property-became-optional', { reversed: true }), []);
  });
});
