// BC: a new required parameter, or an optional one made required, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: new-required-request-parameter', () => {
  it('a new required parameter, or an optional one made required, is breaking', async () => {
    assert.deepEqual(await ruleFindings('new-required-request-parameter'), [
      "ERR new-required-request-parameter GET /pets: added the required query parameter 'owner'",
      "ERR request-parameter-became-required GET /pets: the query parameter 'limit' became required",
      "INFO new-optional-request-parameter GET /pets: added the optional query parameter 'sort'",
    ]);
  });

  it('reversed: removing parameters may break clients that still send them', async () => {
    assert.deepEqual(await ruleFindings('new-required-request-parameter', { reversed: true }), [
      "WARN request-parameter-removed GET /pets: removed the query parameter 'owner'",
      "WARN request-parameter-removed GET /pets: removed the query parameter 'sort'",
    ]);
  });
});
