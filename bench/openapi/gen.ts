/**
 * Synthetic OpenAPI 3.0 + Pact generator, ported from the research benchmark
 * (../shared/bench/openapi-pact/gen.mjs, our own code) into a function so the bench and the tests
 * can call it without touching ../shared. Deterministic for a given seed: the same options give
 * byte-identical documents to the original script.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- a direct port of untyped generator code */
import { seededRandom } from '../../test/support/seeded-random.ts';

export interface GenerateOptions {
  paths?: number;
  interactions?: number;
  /** Probability that an interaction gets one injected fault. */
  bad?: number;
  seed?: number;
  pactVersion?: '2' | '3' | '4';
  /** Length of the Child_e -> Child_(e-1) $ref chains; 50 stresses schema compilation. */
  refDepth?: number;
}

export interface ManifestEntry {
  index: number;
  description: string;
  operation: string;
  fault: string | null;
  expectedErrors: string[];
}

export interface Generated {
  oas: Record<string, any>;
  pact: Record<string, any>;
  manifest: {
    seed: number;
    refDepth: number;
    paths: number;
    operations: number;
    schemas: number;
    pactVersion: string;
    interactions: ManifestEntry[];
  };
}

export function generate(options: GenerateOptions = {}): Generated {
  const N_PATHS = options.paths ?? 200;
  const N_INTER = options.interactions ?? 300;
  const BAD = options.bad ?? 0.1;
  const SEED = options.seed ?? 42;
  const PACT_VERSION: string = options.pactVersion ?? '2';
  const REF_DEPTH = options.refDepth ?? 3;
  const rnd = seededRandom(SEED);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const WORDS = [
    'alpha',
    'bravo',
    'charlie',
    'delta',
    'echo',
    'foxtrot',
    'golf',
    'hotel',
    'india',
    'juliet',
    'kilo',
    'lima',
  ];

  // ------------------------------------------------------------------ schemas
  const N_RES = Math.max(1, Math.floor(N_PATHS / 2));
  const N_ENTITY = Math.max(4, Math.min(60, Math.ceil(N_RES / 2)));
  const schemas: Record<string, any> = {};

  schemas.Circle = {
    type: 'object',
    required: ['kind', 'radius'],
    properties: { kind: { type: 'string', enum: ['circle'] }, radius: { type: 'number', minimum: 0 } },
  };
  schemas.Square = {
    type: 'object',
    required: ['kind', 'side'],
    properties: { kind: { type: 'string', enum: ['square'] }, side: { type: 'number', minimum: 0 } },
  };
  schemas.Owner = {
    type: 'object',
    required: ['id', 'name'],
    properties: {
      id: { type: 'integer', format: 'int64' },
      name: { type: 'string', minLength: 1 },
      email: { type: 'string', format: 'email' },
    },
  };
  schemas.Error = {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'integer' }, message: { type: 'string' } },
  };

  for (let e = 0; e < N_ENTITY; e++) {
    const child = `Child${e}`;
    schemas[child] = {
      type: 'object',
      required: ['sku', 'qty'],
      properties: {
        sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$' },
        qty: { type: 'integer', minimum: 0, maximum: 1000 },
        owner: { $ref: '#/components/schemas/Owner' },
        // $ref chain: Child_e -> Child_(e-1) (optional, so instances stay finite)
        ...(e > 0 && e % (REF_DEPTH + 1) !== 0 ? { previous: { $ref: `#/components/schemas/Child${e - 1}` } } : {}),
      },
    };
    const statusEnum = WORDS.slice(e % 6, (e % 6) + 4);
    schemas[`Entity${e}`] = {
      type: 'object',
      required: ['id', 'name', 'status', 'meta'],
      properties: {
        id: { type: 'integer', format: 'int64' },
        name: { type: 'string', maxLength: 64 },
        status: { type: 'string', enum: statusEnum },
        price: { type: 'number', minimum: 0 },
        active: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
        meta: {
          type: 'object',
          required: ['createdAt'],
          properties: {
            createdAt: { type: 'string', format: 'date-time' },
            revision: { type: 'integer' },
            audit: {
              type: 'object',
              properties: {
                by: { $ref: '#/components/schemas/Owner' },
                reason: { type: 'string', enum: ['create', 'update', 'import'] },
                history: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { at: { type: 'string', format: 'date-time' }, note: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
        lines: { type: 'array', items: { $ref: `#/components/schemas/${child}` } },
        shape: { oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }] },
        note: { type: 'string', nullable: true },
      },
    };
    schemas[`Entity${e}Create`] = {
      type: 'object',
      required: ['name', 'status'],
      properties: {
        name: { type: 'string', maxLength: 64 },
        status: { type: 'string', enum: statusEnum },
        price: { type: 'number', minimum: 0 },
        tags: { type: 'array', items: { type: 'string' } },
        lines: { type: 'array', items: { $ref: `#/components/schemas/${child}` } },
        shape: { oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }] },
      },
    };
    schemas[`Entity${e}Page`] = {
      type: 'object',
      required: ['items', 'total'],
      properties: {
        items: { type: 'array', items: { $ref: `#/components/schemas/Entity${e}` } },
        total: { type: 'integer', minimum: 0 },
        next: { type: 'string', nullable: true },
      },
    };
  }

  // ------------------------------------------------------------------ paths
  const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
  const errResp = { description: 'not found', content: json('Error') };
  const paths: Record<string, any> = {};
  const ops: any[] = []; // {method, template, res, entity, kind}
  for (let r = 0; r < N_RES; r++) {
    const ent = r % N_ENTITY;
    const base = `/svc${r % 7}/res${r}`;
    const idParam = {
      name: 'id',
      in: 'path',
      required: true,
      schema: r % 3 === 0 ? { type: 'string', pattern: '^[a-z0-9-]+$' } : { type: 'integer', minimum: 1 },
    };
    const reqId = { name: 'X-Request-Id', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } };
    const sec = [{ bearerAuth: [] }];
    paths[base] = {
      get: {
        operationId: `list${r}`,
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          {
            name: 'status',
            in: 'query',
            schema: { type: 'string', enum: schemas[`Entity${ent}`].properties.status.enum },
          },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          reqId,
        ],
        responses: { 200: { description: 'page', content: json(`Entity${ent}Page`) } },
      },
      post: {
        operationId: `create${r}`,
        security: sec,
        parameters: [reqId],
        requestBody: { required: true, content: json(`Entity${ent}Create`) },
        responses: {
          201: {
            description: 'created',
            headers: { Location: { schema: { type: 'string' } } },
            content: json(`Entity${ent}`),
          },
          400: { description: 'bad', content: json('Error') },
        },
      },
    };
    paths[`${base}/{id}`] = {
      parameters: [idParam],
      get: {
        operationId: `get${r}`,
        parameters: [reqId],
        responses: { 200: { description: 'ok', content: json(`Entity${ent}`) }, 404: errResp },
      },
      put: {
        operationId: `put${r}`,
        security: sec,
        requestBody: { required: true, content: json(`Entity${ent}Create`) },
        responses: { 200: { description: 'ok', content: json(`Entity${ent}`) }, 404: errResp },
      },
      delete: {
        operationId: `delete${r}`,
        security: sec,
        responses: { 204: { description: 'deleted' }, 404: errResp },
      },
    };
    for (const [m, kind] of [
      ['get', 'list'],
      ['post', 'create'],
    ])
      ops.push({ method: m, template: base, res: r, ent, kind, idParam });
    for (const [m, kind] of [
      ['get', 'get'],
      ['put', 'put'],
      ['delete', 'delete'],
    ])
      ops.push({ method: m, template: `${base}/{id}`, res: r, ent, kind, idParam });
  }

  const oas = {
    openapi: '3.0.3',
    info: { title: `Synthetic API (${N_PATHS} paths, seed ${SEED})`, version: '1.0.0' },
    servers: [{ url: 'https://api.example.test' }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    },
  };

  // ------------------------------------------------------------------ instance generator
  const deref = (sch: any): any => {
    while (sch?.$ref) sch = schemas[sch.$ref.split('/').pop()];
    return sch;
  };
  const sample = (sch: any, depth = 0): any => {
    sch = deref(sch);
    if (sch.oneOf) return sample(pick(sch.oneOf), depth);
    if (sch.enum) return pick(sch.enum);
    switch (sch.type) {
      case 'object': {
        const o: Record<string, any> = {};
        for (const [k, v] of Object.entries(sch.properties || {})) {
          const required = (sch.required || []).includes(k);
          if (!required && (depth > 2 || rnd() < 0.35)) continue;
          if (k === 'previous' && depth > 1) continue;
          o[k] = sample(v, depth + 1);
        }
        return o;
      }
      case 'array': {
        const n = depth > 2 ? 0 : int(0, 3);
        return Array.from({ length: n }, () => sample(sch.items, depth + 1));
      }
      case 'integer':
        return int(Math.max(sch.minimum ?? 0, 0), Math.min(sch.maximum ?? 9999, 9999));
      case 'number':
        return Math.round(rnd() * 10000) / 100;
      case 'boolean':
        return rnd() < 0.5;
      case 'string':
        if (sch.format === 'date-time') return `2024-0${int(1, 9)}-1${int(0, 9)}T10:${int(10, 59)}:00Z`;
        if (sch.format === 'email') return `${pick(WORDS)}@example.test`;
        if (sch.format === 'uuid') return '3f2b8c1e-9d4a-4f6b-8a2e-1c5d7e9f0a1b';
        if (sch.pattern === '^[A-Z]{3}-[0-9]{4}$') return `ABC-${int(1000, 9999)}`;
        if (sch.pattern === '^[a-z0-9-]+$') return `${pick(WORDS)}-${int(1, 99)}`;
        return `${pick(WORDS)} ${pick(WORDS)}`;
      default:
        return null;
    }
  };

  // ------------------------------------------------------------------ faults
  // kind -> expected code (and which side). Chosen to be unambiguous for both comparators.
  const FAULTS: Record<string, string> = {
    'response-wrong-type': 'response.body.incompatible',
    'response-enum-value': 'response.body.incompatible',
    'response-extra-property': 'response.body.incompatible',
    'response-oneof-no-match': 'response.body.incompatible',
    'request-missing-required': 'request.body.incompatible',
    'request-nested-wrong-type': 'request.body.incompatible',
    'unknown-path': 'request.path-or-method.unknown',
    'unknown-status': 'response.status.unknown',
    'query-wrong-type': 'request.query.incompatible',
    'missing-authorization': 'request.authorization.missing',
  };
  const applicable = (op: any): string[] => {
    const k = ['unknown-path', 'unknown-status'];
    if (op.kind === 'list')
      k.push('query-wrong-type', 'response-wrong-type', 'response-enum-value', 'response-extra-property');
    if (op.kind === 'get')
      k.push('response-wrong-type', 'response-enum-value', 'response-extra-property', 'response-oneof-no-match');
    if (op.kind === 'create' || op.kind === 'put')
      k.push('request-missing-required', 'request-nested-wrong-type', 'missing-authorization', 'response-enum-value');
    if (op.kind === 'delete') k.push('missing-authorization');
    return k;
  };

  // ------------------------------------------------------------------ interactions
  const concretePath = (op: any): string => {
    if (!op.template.includes('{id}')) return op.template;
    const id = op.idParam.schema.type === 'integer' ? String(int(1, 99999)) : `${pick(WORDS)}-${int(1, 99)}`;
    return op.template.replace('{id}', id);
  };

  const interactions: any[] = [];
  const manifest: ManifestEntry[] = [];
  for (let i = 0; i < N_INTER; i++) {
    const op = ops[i < ops.length ? (i * 7919) % ops.length : int(0, ops.length - 1)];
    const fault = rnd() < BAD ? pick(applicable(op)) : null;
    const ent = `Entity${op.ent}`;
    const req: Record<string, any> = { method: op.method.toUpperCase(), path: concretePath(op), headers: {} };
    const resp: Record<string, any> = { status: 200, headers: {} };
    let query: Record<string, string> | null = null;

    if (op.kind === 'list') {
      query = { limit: String(int(1, 100)) };
      if (rnd() < 0.5) query.status = pick(schemas[ent].properties.status.enum);
      req.headers.Accept = 'application/json';
      resp.headers['Content-Type'] = 'application/json';
      resp.body = sample(schemas[`${ent}Page`]);
      if (resp.body.items.length === 0) resp.body.items.push(sample(schemas[ent]));
    } else if (op.kind === 'get') {
      req.headers.Accept = 'application/json';
      resp.headers['Content-Type'] = 'application/json';
      resp.body = sample(schemas[ent]);
    } else if (op.kind === 'create' || op.kind === 'put') {
      req.headers['Content-Type'] = 'application/json';
      req.headers.Accept = 'application/json';
      req.headers.Authorization = 'Bearer abc.def.ghi';
      req.body = sample(schemas[`${ent}Create`]);
      resp.status = op.kind === 'create' ? 201 : 200;
      resp.headers['Content-Type'] = 'application/json';
      resp.body = sample(schemas[ent]);
    } else if (op.kind === 'delete') {
      req.headers.Authorization = 'Bearer abc.def.ghi';
      resp.status = 204;
    }
    if (rnd() < 0.2 && op.kind !== 'put' && op.kind !== 'delete')
      req.headers['X-Request-Id'] = '3f2b8c1e-9d4a-4f6b-8a2e-1c5d7e9f0a1b';

    // inject fault
    const target = () => (op.kind === 'list' ? resp.body.items[0] : resp.body);
    switch (fault) {
      case 'response-wrong-type':
        target().id = 'not-an-integer';
        break;
      case 'response-enum-value':
        target().status = 'zulu-not-in-enum';
        break;
      case 'response-extra-property':
        target().undocumentedField = true;
        break;
      case 'response-oneof-no-match':
        resp.body.shape = { kind: 'triangle', base: 3 };
        break;
      case 'request-missing-required':
        delete req.body.name;
        break;
      case 'request-nested-wrong-type':
        req.body.lines = [{ sku: 'ABC-1234', qty: 'lots' }];
        break;
      case 'unknown-path':
        req.path = `/not-in-spec${req.path}`;
        break;
      case 'unknown-status':
        resp.status = 418;
        break;
      case 'query-wrong-type':
        query!.limit = 'many';
        break;
      case 'missing-authorization':
        delete req.headers.Authorization;
        break;
      default:
        break;
    }

    const description = `${op.kind} res${op.res} #${i}${fault ? ` [${fault}]` : ''}`;
    const state = op.kind === 'list' ? null : `res${op.res} item exists`;
    manifest.push({
      index: i,
      description,
      operation: `${op.method.toUpperCase()} ${op.template}`,
      fault,
      expectedErrors: fault ? [FAULTS[fault]] : [],
    });

    if (PACT_VERSION === '4') {
      const hv = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]));
      const b = (body: unknown, ct?: string) =>
        body === undefined ? undefined : { content: body, contentType: ct || 'application/json', encoded: false };
      interactions.push({
        type: 'Synchronous/HTTP',
        key: `k${i}`,
        description,
        ...(state ? { providerStates: [{ name: state }] } : {}),
        pending: false,
        request: {
          method: req.method,
          path: req.path,
          ...(query ? { query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) } : {}),
          headers: hv(req.headers),
          ...(req.body !== undefined ? { body: b(req.body) } : {}),
        },
        response: {
          status: resp.status,
          headers: hv(resp.headers),
          ...(resp.body !== undefined ? { body: b(resp.body) } : {}),
        },
      });
    } else {
      const q =
        query === null
          ? undefined
          : PACT_VERSION === '3'
            ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
            : new URLSearchParams(query).toString();
      interactions.push({
        description,
        ...(state ? (PACT_VERSION === '3' ? { providerStates: [{ name: state }] } : { providerState: state }) : {}),
        request: { ...req, ...(q !== undefined ? { query: q } : {}) },
        response: resp,
      });
    }
  }

  const pact = {
    consumer: { name: 'SyntheticConsumer' },
    provider: { name: 'SyntheticProvider' },
    interactions,
    metadata: {
      pactSpecification: { version: PACT_VERSION === '2' ? '2.0.0' : PACT_VERSION === '3' ? '3.0.0' : '4.0' },
    },
  };
  return {
    oas,
    pact,
    manifest: {
      seed: SEED,
      refDepth: REF_DEPTH,
      paths: Object.keys(paths).length,
      operations: ops.length,
      schemas: Object.keys(schemas).length,
      pactVersion: PACT_VERSION,
      interactions: manifest,
    },
  };
}
