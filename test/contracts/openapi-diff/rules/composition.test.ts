// BC: removing a request oneOf alternative, or adding a response one, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: composition', () => {
  it('removing a request oneOf alternative, or adding a response one, is breaking', async () => {
    assert.deepEqual(await ruleFindings('composition'), [
      'ERR request-body-one-of-removed POST /pets: removed a oneOf alternative from the request body (application/json)',
      'ERR response-body-one-of-added POST /pets: added a oneOf alternative to the 201 response body (application/json)',
    ]);
  });

  it('reversed: the opposite changes are not breaking', async () => {
    assert.deepEqual(await ruleFindings('composition', { reversed: true }), [
      'INFO request-body-one-of-added POST /pets: added a oneOf alternative to the request body (application/json)',
      'INFO response-body-one-of-removed POST /pets: removed a oneOf alternative from the 201 response body (application/json)',
    ]);
  });
});
