import { deploymentsOfPacticipant, supportedReleasesOfPacticipant } from '../../repositories/deployments.ts';
import { findPacticipantById } from '../../repositories/pacticipants.ts';
import { latestVersion } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';

/**
 * The versions of a pacticipant that a can-i-deploy or can-i-rollback may ask about: the current and
 * prior deployed versions of each instance in every environment, its supported releases and the head
 * of its main branch. Never the whole history: a cold comparison costs seconds.
 */
export function* relevantVersionIds(pacticipantId: number, opts: { environmentId?: number } = {}): Program<number[]> {
  const ids = new Set<number>();
  const byInstance = new Map<string, number[]>();
  for (const d of yield* deploymentsOfPacticipant(pacticipantId)) {
    if (opts.environmentId !== undefined && d.environment_id !== opts.environmentId) continue;
    const key = `${d.environment_id}:${d.application_instance}`;
    const list = byInstance.get(key) ?? [];
    // Newest first, each version once (its most recent deployment).
    byInstance.set(key, [d.version_id, ...list.filter((v) => v !== d.version_id)]);
  }
  for (const versions of byInstance.values()) for (const v of versions.slice(0, 2)) ids.add(v);
  if (opts.environmentId === undefined) {
    for (const r of yield* supportedReleasesOfPacticipant(pacticipantId)) ids.add(r.version_id);
    const p = yield* findPacticipantById(pacticipantId);
    if (p?.main_branch) {
      const head = yield* latestVersion(pacticipantId, { branch: p.main_branch });
      if (head) ids.add(head.id);
    }
  }
  return [...ids];
}
