import { isGlobalAdmin, type Principal } from '../auth/principal.ts';
import { nowIso } from '../repositories/clock.ts';
import { all, run, type Program } from '../storage/sql.ts';

/** Who made a webhook, as stored in webhook_owners (migration 0012). */
export interface WebhookOwner {
  principal: string;
  kind: string;
}

/** Records the creator of a webhook (nobody outside a request: tests and tools write as no one). */
export function* setOwner(uuid: string, p: Principal | undefined): Program<void> {
  if (!p || p.kind === 'open' || p.kind === 'public') return;
  yield* run(
    'INSERT INTO webhook_owners (webhook_uuid, principal, principal_kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (webhook_uuid) DO NOTHING',
    [uuid, p.name, p.kind, nowIso()],
  );
}

export function* deleteOwner(uuid: string): Program<void> {
  yield* run('DELETE FROM webhook_owners WHERE webhook_uuid = ?', [uuid]);
}

export function* ownersOf(uuids: readonly string[]): Program<Map<string, WebhookOwner>> {
  const out = new Map<string, WebhookOwner>();
  for (let i = 0; i < uuids.length; i += 500) {
    const chunk = uuids.slice(i, i + 500);
    const rows = yield* all<{ webhook_uuid: string; principal: string; principal_kind: string }>(
      `SELECT webhook_uuid, principal, principal_kind FROM webhook_owners WHERE webhook_uuid IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    for (const r of rows) out.set(r.webhook_uuid, { principal: r.principal, kind: r.principal_kind });
  }
  return out;
}

/**
 * Whether `viewer` sees a webhook's secrets: an admin without a pacticipant scope (or anyone when the broker runs
 * open: everyone is admin there), or the principal that created it.
 */
export function mayReveal(viewer: Principal | undefined, owner: WebhookOwner | undefined): boolean {
  if (!viewer) return false;
  if (viewer.kind === 'open' || isGlobalAdmin(viewer)) return true;
  return owner !== undefined && owner.principal === viewer.name && owner.kind === viewer.kind;
}
