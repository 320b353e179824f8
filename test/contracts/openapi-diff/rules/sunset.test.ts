// BC: deleting the sunset date of a deprecated operation or parameter, or making it unreadable, is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: sunset', () => {
  it('deleting the sunset date of a deprecated operation or parameter, or making it unreadable, is breaking', async () => {
    assert.deepEqual(await ruleFindings('sunset'), [
      "ERR api-path-sunset-parse GET /owners: the sunset date 'next spring' of this deprecated operation cannot be read",
      "ERR request-parameter-sunset-deleted GET /pets: the sunset date of the deprecated query parameter 'page' was deleted",
      'ERR sunset-deleted GET /pets: the sunset date of this deprecated operation was deleted',
    ]);
  });

  it('reversed: an unreadable sunset date is breaking either way round', async () => {
    assert.deepEqual(await ruleFindings('sunset', { reversed: true }), [
      "ERR api-path-sunset-parse GET /owners: the sunset date 'next spring' of this deprecated operation cannot be read",
    ]);
  });
});
