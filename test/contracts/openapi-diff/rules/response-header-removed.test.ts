// BC: removing a response header, or making a required one optional, is breaking (an optional one: may break).
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: response-header-removed', () => {
  it('removing a response header, or making a required one optional, is breaking (an optional one: may break)', async () => {
    assert.deepEqual(await ruleFindings('response-header-removed'), [
      "ERR required-response-header-removed GET /pets: removed the required header 'X-Rate-Limit' of the 200 response",
      "ERR response-header-became-optional GET /pets: the header 'X-Version' of the 200 response became optional",
      "WARN optional-response-header-removed GET /pets: removed the optional header 'X-Trace' of the 200 response",
    ]);
  });

  it('reversed: adding headers is not breaking', async () => {
    assert.deepEqual(await ruleFindings('response-header-removed', { reversed: true }), []);
  });
});
