// BC: changing, adding or removing a request parameter default is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: default-value', () => {
  it('changing, adding or removing a request parameter default is breaking', async () => {
    assert.deepEqual(await ruleFindings('default-value'), [
      "ERR request-parameter-default-value-added GET /pets: the query parameter 'page' got a default (1)",
      "ERR request-parameter-default-value-changed GET /pets: the default of the query parameter 'limit' changed from 10 to 20",
      "ERR request-parameter-default-value-removed GET /pets: the query parameter 'sort' lost its default (asc)",
    ]);
  });

  it('reversed: in both directions', async () => {
    assert.deepEqual(await ruleFindings('default-value', { reversed: true }), [
      "ERR request-parameter-default-value-added GET /pets: the query parameter 'sort' got a default (asc)",
      "ERR request-parameter-default-value-changed GET /pets: the default of the query parameter 'limit' changed from 20 to 10",
      "ERR request-parameter-default-value-removed GET /pets: the query parameter 'page' lost its default (1)",
    ]);
  });
});
