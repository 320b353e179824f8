import type { RequestHandler } from 'express';
import type { Scope } from '../../auth/principal.ts';
import type { Deps } from '../../deps.ts';
import type { Store } from '../../storage/port.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: `public` needs no credentials; a list accepts any one of its scopes. */
export type Requirement = 'public' | Scope[];

/**
 * Where a write route finds the pacticipant(s) it writes, for per-pacticipant permissions:
 * - `param`: a path parameter (`:pacticipant`, `:consumer`, `:provider`);
 * - `body`: a field of the JSON body, `[]` marking a list (`contracts[].consumerName`);
 * - `lookup`: a read over the path parameters, for routes that name a stored resource
 *   (`/deployed-versions/:uuid`) rather than its pacticipant.
 */
export type PacticipantSource =
  | { param: string }
  | { body: string }
  | { lookup: string; resolve: (store: Store, params: Record<string, string>) => Promise<string[]> };

/**
 * One route: method, path (`:name` is one path segment; case-insensitive, optional trailing slash, as
 * express matches), the scope it needs, its handler and, for writes, the pacticipants it writes (`[]`
 * when it writes none: environments, webhook tests). HEAD is answered by the GET route, OPTIONS and
 * 405 from the table.
 */
export interface Route {
  method: Method;
  path: string;
  scope: 'public' | Scope | Scope[];
  handler: (deps: Deps) => RequestHandler;
  writes?: PacticipantSource[];
}

export const param = (name: string): PacticipantSource => ({ param: name });
export const body = (field: string): PacticipantSource => ({ body: field });
export const lookup = (
  what: string,
  resolve: (store: Store, params: Record<string, string>) => Promise<string[]>,
): PacticipantSource => ({ lookup: what, resolve });

export function requirementOf(route: Route): Requirement {
  return route.scope === 'public' ? 'public' : Array.isArray(route.scope) ? route.scope : [route.scope];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a request no route answers needs: reads need `read`, anything else `admin` (fail closed). */
export function unmatchedRequirement(method: string): Requirement {
  return SAFE.has(method.toUpperCase()) ? ['read'] : ['admin'];
}
