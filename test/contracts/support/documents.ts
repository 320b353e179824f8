/** Small pacts and documents for the comparator tests. */
export const pactFor = (interactions: unknown[], extra: Record<string, unknown> = {}) => ({
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions,
  metadata: { pactSpecification: { version: '2.0.0' } },
  ...extra,
});

export const getInteraction = (path: string, status = 200, body?: unknown) => ({
  description: `GET ${path} -> ${status}`,
  request: { method: 'GET', path },
  response: { status, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body }) },
});

/**
 * A document with path-level parameters: the engine copies those into each operation during its
 * first compare, i.e. it rewrites the document it is given.
 */
export const itemDocument = () => ({
  openapi: '3.0.3',
  info: { title: 'Items', version: '1' },
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        responses: {
          '200': {
            description: 'an item',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'integer' }, kind: { type: 'string', enum: ['a', 'b'] } },
      },
    },
  },
});
