// BC: a new required request property, or an optional one made required, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: new-required-request-property', () => {
  it('a new required request property, or an optional one made required, is breaking', async () => {
    assert.deepEqual(await ruleFindings('new-required-request-property'), [
      "ERR new-required-request-property POST /pets: added the required property 'owner' of the request body (application/json)",
      "ERR new-required-request-property-with-default POST /pets: added the required property 'color' of the request body (application/json) (it has a default)",
      "ERR request-property-became-required POST /pets: property 'tag' of the request body (application/json) became required",
      "INFO new-optional-request-property POST /pets: added the optional property 'note' of the request body (application/json)",
    ]);
  });

  it('reversed: removing request properties may break clients that still send them', async () => {
    assert.deepEqual(await ruleFindings('new-required-request-property', { reversed: true }), [
      "WARN request-property-removed POST /pets: removed the property 'color' of the request body (application/json)",
      "WARN request-property-removed POST /pets: removed the property 'note' of the request body (application/json)",
      "WARN request-property-removed POST /pets: removed the property 'owner' of the request body (application/json)",
    ]);
  });
});
