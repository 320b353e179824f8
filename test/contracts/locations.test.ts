import assert from 'node:assert/strict';
import { interactionIndexOf, toJsonPath } from '../../contracts/src/openapi/comparator/locations.ts';
import { formatPath, parsePath } from '../../contracts/src/openapi/json-path.ts';

describe('engine locations to JSON paths', () => {
  const doc = {
    paths: {
      '/pets/{id}': {
        get: {
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        },
      },
    },
    components: { schemas: { Pet: { properties: { 'kind.v2': { enum: ['a'] } } } } },
  };

  it('reads keys containing dots and slashes against the document', () => {
    assert.equal(
      toJsonPath('[root].paths./pets/{id}.get.responses.200', doc),
      '$.paths["/pets/{id}"].get.responses["200"]',
    );
  });

  it('follows a $ref to where the schema is written, skipping the target the engine repeats', () => {
    const at =
      '[root].paths./pets/{id}.get.responses.200.content.application/json.schema.components.schemas.Pet.properties.kind.v2.enum';
    assert.equal(toJsonPath(at, doc), '$.components.schemas.Pet.properties["kind.v2"].enum');
  });

  it('finds pact headers whatever their case, and v4 bodies inside {content}', () => {
    const pact = {
      interactions: [
        {
          request: { headers: { Accept: 'x' } },
          response: { body: { content: { id: 1 }, contentType: 'application/json' } },
        },
      ],
    };
    assert.equal(
      toJsonPath('[root].interactions[0].request.headers.accept', pact),
      '$.interactions[0].request.headers.Accept',
    );
    assert.equal(
      toJsonPath('[root].interactions[0].response.body.id', pact),
      '$.interactions[0].response.body.content.id',
    );
  });

  it('keeps what does not resolve as one quoted segment', () => {
    assert.equal(toJsonPath('[root].paths./nope.get', doc), '$.paths["/nope.get"]');
    assert.equal(interactionIndexOf('[root].interactions[12].response.status'), 12);
    assert.equal(interactionIndexOf('[root].paths'), undefined);
  });

  it('writes paths that parse back into the same segments', () => {
    const segments = ['paths', '/a."b"', 0, 'x_y'];
    assert.deepEqual(parsePath(formatPath(segments)), segments);
    assert.equal(parsePath('not a path'), undefined);
  });
});
