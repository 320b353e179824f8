import type { RequestHandler } from 'express';
import type { Scope } from '../../auth/principal.ts';
import type { Deps } from '../../deps.ts';
import type { Store } from '../../storage/port.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: `public` needs no credentials; a list accepts any one of its scopes. */
export type Requirement = 'public' | Scope[];

/** What a write touches: pacticipants by name, the pacticipants of a label, or every pacticipant. */
export interface Touched {
  names: string[];
  labels: string[];
  /** A webhook for every consumer (or provider) touches every pacticipant. */
  everyone: boolean;
}

/**
 * Where a write route finds the pacticipant(s) it writes, for per-pacticipant permissions:
 * - `param`: a path parameter (`:pacticipant`, `:consumer`, `:provider`);
 * - `body`: a field of the JSON body, `[]` marking a list (`contracts[].consumerName`);
 * - `scopeIn`: a `{name}` or `{label}` object of the body (a webhook's consumer or provider); absent or null it
 *   means every pacticipant;
 * - `lookup`: a read over the path parameters, for routes that name a stored resource
 *   (`/deployed-versions/:uuid`) rather than its pacticipant.
 */
export type PacticipantSource =
  | { param: string }
  | { body: string }
  | { scopeIn: string }
  | { lookup: string; resolve: (store: Store, params: Record<string, string>) => Promise<string[] | Touched> };

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
  /** A badge (an SVG image): anyone may read it when ROLLGATE_PUBLIC_BADGES is on, so README badges work. */
  badge?: true;
}

export const param = (name: string): PacticipantSource => ({ param: name });
export const body = (field: string): PacticipantSource => ({ body: field });
export const scopeIn = (field: string): PacticipantSource => ({ scopeIn: field });
export const lookup = (
  what: string,
  resolve: (store: Store, params: Record<string, string>) => Promise<string[] | Touched>,
): PacticipantSource => ({ lookup: what, resolve });

/** How a source finds its pacticipant, in words (docs/security.md's table of write routes is made from this). */
export function describeSource(s: PacticipantSource): string {
  if ('param' in s) return `path \`:${s.param}\``;
  if ('body' in s) return `body \`${s.body}\``;
  if ('scopeIn' in s) return `body \`${s.scopeIn}\` (name or label; none: every pacticipant)`;
  return `${s.lookup}'s pacticipants (stored)`;
}

export function requirementOf(route: Route): Requirement {
  return route.scope === 'public' ? 'public' : Array.isArray(route.scope) ? route.scope : [route.scope];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a request no route answers needs: reads need `read`, anything else `admin` (fail closed). */
export function unmatchedRequirement(method: string): Requirement {
  return SAFE.has(method.toUpperCase()) ? ['read'] : ['admin'];
}
