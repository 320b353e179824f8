// BC: removing a media type of a request body or a response is breaking.
import { strict as assert } from 'node:assert';
import { ruleFindings } from '../support.ts';

describe('openapi-diff rule: media-type-removed', () => {
  it('removing a media type of a request body or a response is breaking', async () => {
    assert.deepEqual(await ruleFindings('media-type-removed'), [
      "ERR request-body-media-type-removed POST /pets: removed the request body media type 'application/xml'",
      "ERR response-media-type-removed POST /pets: removed the media type 'application/xml' of the 200 response",
    ]);
  });

  it('reversed: adding media types is not breaking', async () => {
    assert.deepEqual(await ruleFindings('media-type-removed', { reversed: true }), []);
  });
});
