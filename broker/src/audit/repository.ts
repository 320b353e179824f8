import { nowIso } from '../repositories/clock.ts';
import { all, get, run, type Program } from '../storage/sql.ts';

export type AuditAction =
  | 'pacts.published'
  | 'verification.published'
  | 'provider-contract.published'
  | 'deployment.recorded'
  | 'undeployment.recorded'
  | 'release.recorded'
  | 'support.ended'
  | 'environment.created'
  | 'environment.updated'
  | 'environment.deleted'
  | 'pacticipant.created'
  | 'pacticipant.updated'
  | 'pacticipant.deleted'
  | 'label.added'
  | 'label.removed'
  | 'version.saved'
  | 'version.deleted'
  | 'tag.added'
  | 'tag.removed'
  | 'migration.recorded'
  | 'migration.deleted'
  | 'requirement.recorded'
  | 'requirement.deleted'
  | 'branch-version.added'
  | 'branch.deleted'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'override.requested'
  | 'access.refused';

export interface AuditEntry {
  principal: string;
  principalKind: string;
  requestId?: string;
  action: AuditAction;
  /** A one-line summary ("web 1.0.0 -> orders"). */
  subject: string;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  occurred_at: string;
  request_id: string | null;
  principal: string;
  principal_kind: string;
  action: string;
  subject: string;
  detail: string | null;
}

export function* insertAuditEntry(e: AuditEntry): Program<void> {
  yield* run(
    'INSERT INTO audit_log (occurred_at, request_id, principal, principal_kind, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      nowIso(),
      e.requestId ?? null,
      e.principal,
      e.principalKind,
      e.action,
      e.subject,
      e.detail ? JSON.stringify(e.detail) : null,
    ],
  );
}

/** Deletes up to `limit` audit rows that occurred before `before`, oldest first (retention); returns how many. */
export function* purgeAuditEntries(before: Date, limit: number): Program<number> {
  return (yield* run(
    'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?)',
    [before.toISOString(), limit],
  )).changes;
}

/** Newest first. */
export function* listAuditEntries(
  filter: { action?: string; principal?: string },
  limit: number,
  offset: number,
): Program<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.action) {
    where.push('action = ?');
    params.push(filter.action);
  }
  if (filter.principal) {
    where.push('principal = ?');
    params.push(filter.principal);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = yield* all<AuditRow>(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, [
    ...params,
    limit,
    offset,
  ]);
  const total = (yield* get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${clause}`, params))?.n ?? 0;
  return { rows, total };
}

/** Small name lookups for readable audit subjects (hooks receive ids). */
export function* pacticipantName(id: number): Program<string> {
  return (yield* get<{ name: string }>('SELECT name FROM pacticipants WHERE id = ?', [id]))?.name ?? `#${id}`;
}

export function* versionNumber(id: number): Program<string> {
  return (yield* get<{ number: string }>('SELECT number FROM versions WHERE id = ?', [id]))?.number ?? `#${id}`;
}

export function* environmentName(id: number): Program<string> {
  return (yield* get<{ name: string }>('SELECT name FROM environments WHERE id = ?', [id]))?.name ?? `#${id}`;
}

export function* pactSha(pactVersionId: number): Program<string> {
  return (
    (yield* get<{ sha: string }>('SELECT sha FROM pact_versions WHERE id = ?', [pactVersionId]))?.sha ??
    `#${pactVersionId}`
  );
}
