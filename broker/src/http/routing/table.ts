import { type Requirement, type Route, requirementOf, unmatchedRequirement } from './route.ts';

/** What a request's method and path find in the table. Parameters are still URL-encoded. */
export type Resolution =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'other-methods'; allow: string[] }
  | { kind: 'none' };

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** `:name` is one non-empty segment; literals match case-insensitively; one trailing slash is optional (express's rules). */
function compile(route: Route): Compiled {
  const names: string[] = [];
  const body = route.path
    .replace(/\/$/, '')
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${body}/?$`, 'i'), names };
}

/** The route table compiled for lookups: first match in table order wins, as in express. */
export class RouteTable {
  private readonly compiled: Compiled[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  /** The route for a method and path; HEAD falls back to GET. Without one, the methods the path has. */
  resolve(method: string, path: string): Resolution {
    const m = method.toUpperCase();
    const wanted = m === 'HEAD' ? 'GET' : m;
    const methods = new Set<string>();
    for (const c of this.compiled) {
      const found = c.regex.exec(path);
      if (!found) continue;
      if (c.route.method === wanted)
        return { kind: 'route', route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, found[i + 1]])) };
      methods.add(c.route.method);
    }
    if (!methods.size) return { kind: 'none' };
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return { kind: 'other-methods', allow: METHOD_ORDER.filter((x) => methods.has(x)) };
  }

  /** What a request needs: its route's scope, or (no route for this method) the fail-closed default. */
  requirementFor(method: string, path: string): { needs: Requirement; pattern: string } {
    const r = this.resolve(method, path);
    return r.kind === 'route'
      ? { needs: requirementOf(r.route), pattern: r.route.path }
      : { needs: unmatchedRequirement(method), pattern: '*' };
  }
}
