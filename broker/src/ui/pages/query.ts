/** Query parameters of the pages that filter, sort and page on the server (issue 19): one value each, checked. */
import type { Request } from 'express';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { html, type Html } from '../html.ts';

/** The parameter's one value ('' when absent); a parameter given twice or as an object is a 400. */
export function one(req: Request, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return '';
  if (typeof v !== 'string')
    throw ValidationError.of(name, message('query.wrong-shape', { expected: 'one value', key: name }));
  return v.trim();
}

/** The parameter's value when it is one of `values` (or absent: ''); anything else is a 400 naming the parameter. */
export function oneOf<T extends string>(req: Request, name: string, values: readonly T[]): T | '' {
  const v = one(req, name);
  if (v === '') return '';
  if (!(values as readonly string[]).includes(v))
    throw ValidationError.of(name, message('query.one-of', { values: values.join(', ') }));
  return v as T;
}

/** A URL of this page with the parameters given (empty ones left out). */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Previous / next links and "page N of M" (links, so paging works without JavaScript). */
export function pager(
  label: string,
  at: (page: number) => string,
  p: { page: number; size: number },
  total: number,
): Html {
  const pages = Math.max(1, Math.ceil(total / p.size));
  if (pages === 1) return html``;
  return html`<nav class="pager" aria-label="${label}">${p.page > 1 ? html`<a href="${at(1)}">First</a> <a href="${at(p.page - 1)}" rel="prev">Previous</a> ` : ''}<span>Page ${p.page} of ${pages}</span>${p.page < pages ? html` <a href="${at(p.page + 1)}" rel="next">Next</a> <a href="${at(pages)}">Last</a>` : ''}</nav>`;
}
