/**
 * Changes to an operation outside its schemas (the operation or path itself, parameters, request body, responses,
 * media types, headers), as a library reports them at a JSON path, mapped onto oasdiff's ids.
 */
import { asObject, type Json } from '../model/json.ts';
import { pathKeyOf } from '../model/operations.ts';
import { resolve } from '../model/refs.ts';
import type { KeywordChange, Mapped } from './schema-change.ts';
import type { Site } from './site.ts';

export function mapOperationChange(site: Site, change: KeywordChange, docs: { base: Json; revision: Json }): Mapped[] {
  const r = site.rest;
  const removed = change.action === 'remove';
  if (!site.operation) return [];
  const { method, path } = site.operation;
  if (r.length === 0)
    return removed
      ? [
          {
            id: pathGone(docs.revision, path)
              ? 'api-path-removed-without-deprecation'
              : 'api-removed-without-deprecation',
            args: { method: method.toUpperCase(), path },
          },
        ]
      : [];
  if (r[0] === 'parameters') {
    if (r.length === 1 && removed) return asList(change.before).map((p) => parameterGone(resolve(docs.base, p).value));
    if (r.length === 2 && removed) return [parameterGone(resolve(docs.base, change.before).value)];
    if (r.length === 2 && change.action === 'add') {
      const p = resolve(docs.revision, change.after).value;
      return [
        {
          id:
            p.required === true || p.in === 'path'
              ? 'new-required-request-parameter'
              : 'new-optional-request-parameter',
          args: { parameter: String(p.name), in: String(p.in) },
        },
      ];
    }
    if (r.length === 3 && r[2] === 'required' && change.after === true && site.parameter)
      return [
        { id: 'request-parameter-became-required', args: { parameter: site.parameter.name, in: site.parameter.in } },
      ];
    return [];
  }
  if (r[0] === 'requestBody') {
    if (r.length === 1 && removed) return [{ id: 'request-body-removed', args: {} }];
    if (r.length === 1 && change.action === 'add')
      return [
        {
          id: asObject(change.after).required === true ? 'request-body-added-required' : 'request-body-added-optional',
          args: {},
        },
      ];
    if (r.length === 2 && r[1] === 'required' && change.after === true)
      return [{ id: 'request-body-became-required', args: {} }];
    if (r.length === 3 && r[1] === 'content' && removed && site.mediaType)
      return [{ id: 'request-body-media-type-removed', args: { mediaType: site.mediaType } }];
    return [];
  }
  if (r[0] === 'responses' && site.status) {
    const status = site.status;
    if (r.length === 2 && removed)
      return [
        {
          id: /^2/.test(status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
          args: { status },
        },
      ];
    if (r.length === 4 && r[2] === 'content' && removed && site.mediaType)
      return [{ id: 'response-media-type-removed', args: { status, mediaType: site.mediaType } }];
    if (r.length === 3 && r[2] === 'headers' && removed)
      return Object.entries(asObject(change.before)).map(([header, h]) =>
        headerGone(status, header, resolve(docs.base, h).value),
      );
    if (r.length === 4 && r[2] === 'headers' && removed && site.header)
      return [headerGone(status, site.header, resolve(docs.base, change.before).value)];
    if (r.length === 5 && r[2] === 'headers' && r[4] === 'required' && change.after !== true && site.header)
      return [{ id: 'response-header-became-optional', args: { status, header: site.header } }];
  }
  return [];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const pathGone = (revision: Json, path: string) =>
  !Object.keys(asObject(revision.paths)).some((p) => pathKeyOf(p) === pathKeyOf(path));

const parameterGone = (p: Json): Mapped => ({
  id: 'request-parameter-removed',
  args: { parameter: String(p.name), in: String(p.in) },
});

const headerGone = (status: string, header: string, h: Json): Mapped => ({
  id: h.required === true ? 'required-response-header-removed' : 'optional-response-header-removed',
  args: { status, header },
});
