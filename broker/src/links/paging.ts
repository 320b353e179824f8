import type { Request } from 'express';
import { ValidationError } from '../errors.ts';
import { message } from '../messages.ts';

const MAX_PAGE_SIZE = 1000;

/** `?pageNumber=&pageSize=` (also `page`/`size`), as the Pact Broker paginates its listings. */
export function paging(req: Request, defaultSize = 100): { limit: number; offset: number; page: number; size: number } {
  const q = req.query as Record<string, string | undefined>;
  const page = Number(q.pageNumber ?? q.page ?? 1);
  const asked = Number(q.pageSize ?? q.size ?? defaultSize);
  if (!Number.isInteger(page) || page < 1) throw ValidationError.of('pageNumber', message('input.page-number'));
  if (!Number.isInteger(asked) || asked < 1) throw ValidationError.of('pageSize', message('input.page-number'));
  // A larger page is capped, as the Pact Broker does, rather than refused.
  const size = Math.min(asked, MAX_PAGE_SIZE);
  return { limit: size, offset: (page - 1) * size, page, size };
}

export function pageInfo(p: { page: number; size: number }, total: number) {
  return { number: p.page, size: p.size, totalElements: total, totalPages: Math.max(1, Math.ceil(total / p.size)) };
}
