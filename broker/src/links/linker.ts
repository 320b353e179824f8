import type { Request } from 'express';

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

/** The broker's base URL: the configured one, else the request's own origin. */
function baseUrl(req: Request): string {
  const configured = (req.app.locals.baseUrl as string | undefined)?.replace(/\/$/, '');
  if (configured) return configured;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** A link builder bound to one request's base URL. */
export function linker(req: Request) {
  const base = baseUrl(req);
  return {
    base,
    url: (p: string) => `${base}${p.startsWith('/') ? p : `/${p}`}`,
    link: (p: string, extra: Omit<Link, 'href'> = {}): Link => ({
      href: `${base}${p.startsWith('/') ? p : `/${p}`}`,
      ...extra,
    }),
  };
}
export type Linker = ReturnType<typeof linker>;
