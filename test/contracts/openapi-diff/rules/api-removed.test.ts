// BC: removing a path or an operation without deprecating it first is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: api-removed', () => {
  it('removing a path or an operation without deprecating it first is breaking', async () => {
    assert.deepEqual(await ruleFindings('api-removed'), [
      'ERR api-path-removed-without-deprecation GET /pets: removed the path /pets (GET) without deprecating it first',
      'ERR api-removed-without-deprecation DELETE /pets/{id}: removed the operation DELETE /pets/{id} without deprecating it first',
    ]);
  });

  it('reversed: adding them back is not', async () => {
    assert.deepEqual(await ruleFindings('api-removed', { reversed: true }), []);
  });
});
