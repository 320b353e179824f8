import { pageInfo } from '../../links/paging.ts';
import type { Link, Linker } from '../../links/linker.ts';

/** `page` and the `next`/`previous` links of a paginated listing, as the Pact Broker renders them. */
export function presentPage(
  l: Linker,
  selfPath: string,
  p: { page: number; size: number },
  total: number,
): { page: ReturnType<typeof pageInfo>; links: Record<string, Link> } {
  const page = pageInfo(p, total);
  const at = (n: number) => l.link(`${selfPath}?pageNumber=${n}&pageSize=${p.size}`, { title: `Page ${n}` });
  const links: Record<string, Link> = {};
  if (p.page < page.totalPages) links.next = at(p.page + 1);
  if (p.page > 1) links.previous = at(Math.min(p.page - 1, page.totalPages));
  return { page, links };
}
