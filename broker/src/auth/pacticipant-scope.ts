import { insertAuditEntry } from '../audit/repository.ts';
import { message } from '../messages.ts';
import { labelsByName } from '../repositories/labels.ts';
import type { Program } from '../storage/sql.ts';
import { describeScope, scopeCovers, type Principal } from './principal.ts';

/** What a write touches (see http/routing/route.ts `Touched`). */
export interface TouchedPacticipants {
  names: readonly string[];
  labels: readonly string[];
  everyone: boolean;
}

/**
 * The first thing a scoped principal's write touches that is not its own, in words for the 403 (`orders`, `every
 * pacticipant`, `the pacticipants labelled x`); undefined when it owns all of it. A name is its own when the scope
 * names it (exactly or by pattern) or it carries one of the scope's labels; a label when the scope lists it.
 */
export function* notOwned(principal: Principal, touched: TouchedPacticipants): Program<string | undefined> {
  const scope = principal.pacticipants;
  if (!scope) return undefined;
  if (touched.everyone) return message('auth.pacticipant-everyone');
  const label = touched.labels.find((l) => !scope.labels.includes(l));
  if (label !== undefined) return message('auth.pacticipant-label', { label });
  const byName = touched.names.filter((n) => !scopeCovers(scope, n));
  if (!byName.length) return undefined;
  // Only names the patterns miss need their labels (one small read).
  const labels = scope.labels.length ? yield* labelsByName([...byName]) : new Map<string, string[]>();
  return byName.find((n) => !scopeCovers(scope, n, labels.get(n) ?? []));
}

/** The audit row of a refused write: who, what, and the pacticipants it would have touched. */
export function* auditRefusal(
  principal: Principal,
  requestId: string | undefined,
  request: { method: string; path: string },
  touched: TouchedPacticipants,
  refused: string,
): Program<void> {
  yield* insertAuditEntry({
    principal: principal.name,
    principalKind: principal.kind,
    requestId,
    action: 'access.refused',
    subject: `${request.method} ${request.path} (${refused})`.slice(0, 500),
    detail: {
      method: request.method,
      path: request.path.slice(0, 2000),
      pacticipants: touched.names.slice(0, 100),
      ...(touched.labels.length ? { labels: touched.labels.slice(0, 100) } : {}),
      ...(touched.everyone ? { everyone: true } : {}),
      refused,
      scope: describeScope(principal.pacticipants ?? { names: [], labels: [] }),
    },
  });
}
