// BC: removing a success response status is breaking; removing another status is only noted.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: response-status-removed', () => {
  it('removing a success response status is breaking; removing another status is only noted', async () => {
    assert.deepEqual(await ruleFindings('response-status-removed'), [
      'ERR response-success-status-removed GET /pets: removed the success response status 206',
      'INFO response-non-success-status-removed GET /pets: removed the response status 404',
    ]);
  });

  it('reversed: adding statuses is not breaking', async () => {
    assert.deepEqual(await ruleFindings('response-status-removed', { reversed: true }), []);
  });
});
