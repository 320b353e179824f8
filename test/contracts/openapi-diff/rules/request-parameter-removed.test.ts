// BC: removing a request parameter may break clients that send it; before its sunset date it is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: request-parameter-removed', () => {
  it('removing a request parameter may break clients that send it; before its sunset date it is breaking', async () => {
    assert.deepEqual(await ruleFindings('request-parameter-removed'), [
      "ERR request-parameter-removed-before-sunset GET /pets: removed the deprecated query parameter 'cursor' before its sunset date",
      "WARN request-parameter-removed GET /pets: removed the query parameter 'limit'",
      "WARN request-parameter-removed GET /pets: removed the header parameter 'X-Trace'",
      "INFO request-parameter-removed-with-deprecation GET /pets: removed the deprecated query parameter 'page'",
    ]);
  });

  it('reversed: adding optional parameters is not breaking', async () => {
    assert.deepEqual(await ruleFindings('request-parameter-removed', { reversed: true }), [
      "INFO new-optional-request-parameter GET /pets: added the optional query parameter 'limit'",
      "INFO new-optional-request-parameter GET /pets: added the optional header parameter 'X-Trace'",
      "INFO new-optional-request-parameter GET /pets: added the optional query parameter 'cursor'",
      "INFO new-optional-request-parameter GET /pets: added the optional query parameter 'page'",
    ]);
  });
});
