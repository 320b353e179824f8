/**
 * The neutral structural diff of two documents: operations paired by key, and every schema pair under the
 * operations present on both sides (parameters, request bodies, response bodies and headers, media type by media
 * type). Rules read this and never walk the documents themselves.
 */
import { asObject, isObject, type Json, segment } from './json.ts';
import { type Operation, operationsOf } from './operations.ts';
import { resolve } from './refs.ts';
import type { Place, SchemaPair } from './schema-pair.ts';
import { type WalkBudget, walkSchemas } from './walk-schemas.ts';

interface OperationPair {
  key: string;
  base?: Operation;
  revision?: Operation;
}

export interface DiffModel {
  base: Json;
  revision: Json;
  operations: OperationPair[];
  schemas: SchemaPair[];
  /** True when the schema walk ran out of budget (a pathological document): some pairs were not compared. */
  truncated: boolean;
}

/** Schema pairs compared at most (a 500-operation document with deep shared schemas stays far below it). */
const SCHEMA_PAIR_BUDGET = 500_000;

export function buildDiff(base: Json, revision: Json): DiffModel {
  const b = operationsOf(base);
  const r = operationsOf(revision);
  const operations: OperationPair[] = [];
  for (const key of new Set([...b.keys(), ...r.keys()]))
    operations.push({ key, base: b.get(key), revision: r.get(key) });
  const schemas: SchemaPair[] = [];
  const budget: WalkBudget = { remaining: SCHEMA_PAIR_BUDGET };
  const docs = { base, revision };
  for (const op of operations) {
    if (!op.base || !op.revision) continue;
    for (const root of rootPairs(docs, op.base, op.revision)) walkSchemas(docs, root, (p) => schemas.push(p), budget);
  }
  return { base, revision, operations, schemas, truncated: budget.remaining < 0 };
}

type Docs = { base: Json; revision: Json };

function rootPairs(docs: Docs, bo: Operation, ro: Operation): SchemaPair[] {
  const out: SchemaPair[] = [];
  const operation = { method: ro.method, path: ro.path };
  const pair = (
    place: Place,
    where: Record<string, string>,
    bs: { schema: unknown; pointer: string },
    rs: { schema: unknown; pointer: string },
  ) => {
    if (!isObject(bs.schema) || !isObject(rs.schema)) return;
    out.push({
      base: resolve(docs.base, bs.schema).value,
      revision: resolve(docs.revision, rs.schema).value,
      place,
      direction: place.startsWith('request') ? 'request' : 'response',
      property: '',
      operation,
      where,
      basePointer: bs.pointer,
      revisionPointer: rs.pointer,
    });
  };
  for (const [key, bp] of bo.parameters) {
    const rp = ro.parameters.get(key);
    if (!rp) continue;
    pair('request-parameter', { parameter: rp.name, in: rp.in }, parameterSchema(bp), parameterSchema(rp));
  }
  const bb = resolve(docs.base, bo.value.requestBody).value;
  const rb = resolve(docs.revision, ro.value.requestBody).value;
  for (const [mediaType, bm, rm] of commonMediaTypes(docs, bb, rb))
    pair(
      'request-body',
      { mediaType },
      { schema: bm.schema, pointer: `${bo.pointer}/requestBody/content${segment(mediaType)}/schema` },
      { schema: rm.schema, pointer: `${ro.pointer}/requestBody/content${segment(mediaType)}/schema` },
    );
  const bResponses = asObject(bo.value.responses);
  const rResponses = asObject(ro.value.responses);
  for (const status of Object.keys(bResponses)) {
    if (!(status in rResponses)) continue;
    const bres = resolve(docs.base, bResponses[status]).value;
    const rres = resolve(docs.revision, rResponses[status]).value;
    const at = (o: Operation) => `${o.pointer}/responses${segment(status)}`;
    for (const [mediaType, bm, rm] of commonMediaTypes(docs, bres, rres))
      pair(
        'response-body',
        { status, mediaType },
        { schema: bm.schema, pointer: `${at(bo)}/content${segment(mediaType)}/schema` },
        { schema: rm.schema, pointer: `${at(ro)}/content${segment(mediaType)}/schema` },
      );
    const rHeaders = lowerKeys(asObject(rres.headers));
    for (const [name, raw] of Object.entries(asObject(bres.headers))) {
      const other = rHeaders.get(name.toLowerCase());
      if (!other) continue;
      const bh = resolve(docs.base, raw).value;
      const rh = resolve(docs.revision, other.value).value;
      pair(
        'response-header',
        { header: name, status },
        { schema: bh.schema, pointer: `${at(bo)}/headers${segment(name)}/schema` },
        { schema: rh.schema, pointer: `${at(ro)}/headers${segment(other.name)}/schema` },
      );
    }
  }
  return out;
}

function parameterSchema(p: { value: Json; pointer: string }): { schema: unknown; pointer: string } {
  if (isObject(p.value.schema)) return { schema: p.value.schema, pointer: `${p.pointer}/schema` };
  const content = asObject(p.value.content);
  const [mediaType] = Object.keys(content);
  if (mediaType)
    return { schema: asObject(content[mediaType]).schema, pointer: `${p.pointer}/content${segment(mediaType)}/schema` };
  return { schema: undefined, pointer: p.pointer };
}

function commonMediaTypes(docs: Docs, b: Json, r: Json): [string, Json, Json][] {
  const bc = asObject(b.content);
  const rc = asObject(r.content);
  return Object.keys(bc)
    .filter((m) => m in rc)
    .map((m) => [m, resolve(docs.base, bc[m]).value, resolve(docs.revision, rc[m]).value]);
}

export function lowerKeys(o: Json): Map<string, { name: string; value: unknown }> {
  return new Map(Object.entries(o).map(([name, value]) => [name.toLowerCase(), { name, value }]));
}
