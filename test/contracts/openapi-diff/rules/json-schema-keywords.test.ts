// BC: OpenAPI 3.1: a contains or propertyNames constraint added to a request, or a changed response const, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: json-schema-keywords', () => {
  it('OpenAPI 3.1: a contains or propertyNames constraint added to a request, or a changed response const, is breaking', async () => {
    assert.deepEqual(await ruleFindings('json-schema-keywords'), [
      "ERR request-property-contains-added POST /pets: added contains to property 'tags' of the request body (application/json)",
      "ERR request-property-property-names-added POST /pets: added propertyNames to property 'meta' of the request body (application/json)",
      "ERR response-property-const-changed POST /pets: changed const of property 'kind' of the 201 response body (application/json)",
    ]);
  });

  it('reversed: removing the request constraints is not breaking; a changed const is, both ways', async () => {
    assert.deepEqual(await ruleFindings('json-schema-keywords', { reversed: true }), [
      "ERR response-property-const-changed POST /pets: changed const of property 'kind' of the 201 response body (application/json)",
      "INFO request-property-contains-removed POST /pets: removed contains from property 'tags' of the request body (application/json)",
      "INFO request-property-property-names-removed POST /pets: removed propertyNames from property 'meta' of the request body (application/json)",
    ]);
  });
});
