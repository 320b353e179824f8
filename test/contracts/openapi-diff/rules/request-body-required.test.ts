// BC: a request body made required, added as required or removed is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: request-body-required', () => {
  it('a request body made required, added as required or removed is breaking', async () => {
    assert.deepEqual(await ruleFindings('request-body-required'), [
      'ERR request-body-became-required POST /pets: the request body became required',
      'ERR request-body-added-required PATCH /pets/{id}: added a required request body',
      'ERR request-body-removed PUT /pets/{id}: removed the request body',
    ]);
  });
});
