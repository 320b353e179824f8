// BC: removing a request enum value, or making a parameter an enumeration, is breaking; a new response enum value may break clients.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: enum-changed', () => {
  it('removing a request enum value, or making a parameter an enumeration, is breaking; a new response enum value may break clients', async () => {
    assert.deepEqual(await ruleFindings('enum-changed'), [
      "ERR request-parameter-became-enum POST /pets: the query parameter 'kind' became an enumeration",
      "ERR request-property-enum-value-removed POST /pets: removed the value sold from the enumeration of property 'status' of the request body (application/json)",
      "WARN response-property-enum-value-added POST /pets: added the value blue to the enumeration of property 'color' of the 201 response body (application/json)",
    ]);
  });

  it('reversed: adding request enum values and removing response values is not breaking', async () => {
    assert.deepEqual(await ruleFindings('enum-changed', { reversed: true }), [
      "INFO response-property-enum-value-removed POST /pets: removed the value blue from the enumeration of property 'color' of the 201 response body (application/json)",
    ]);
  });
});
