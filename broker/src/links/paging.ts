import type { Request } from 'express';
import { ValidationError } from '../errors.ts';
import { message } from '../messages.ts';

const MAX_PAGE_SIZE = 1000;

/** `?pageNumber=&pageSize=` (also `page`/`size`), as the Pact Broker paginates its listings. */
export function paging(req: Request, defaultSize = 100): { limit: number; offset: number; page: number; size: number } {
  const q = req.query as Record<string, unknown>;
  const page = whole(q.pageNumber ?? q.page ?? '1', 'pageNumber');
  const asked = whole(q.pageSize ?? q.size ?? String(defaultSize), 'pageSize');
  // A larger page is capped, as the Pact Broker does, rather than refused.
  const size = Math.min(asked, MAX_PAGE_SIZE);
  return { limit: size, offset: (page - 1) * size, page, size };
}

/**
 * A page number or size: digits only, 1 to 999,999,999. `1e300` is an integer to Number() and made an offset
 * PostgreSQL cannot hold (a 500); offsets stay far inside both stores' integers this way.
 */
function whole(raw: unknown, field: string): number {
  if (typeof raw !== 'string' || !/^\s*[1-9][0-9]{0,8}\s*$/.test(raw))
    throw ValidationError.of(field, message('input.page-number-range'));
  return Number(raw);
}

export function pageInfo(p: { page: number; size: number }, total: number) {
  return { number: p.page, size: p.size, totalElements: total, totalPages: Math.max(1, Math.ceil(total / p.size)) };
}
