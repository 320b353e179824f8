/**
 * Requirements a version declares on another pacticipant (issue 21): at or above a version, or within a semver range.
 * A PUT declares or replaces the requirement (audited either way); only an admin deletes one. The required
 * pacticipant must exist; the requiring version is created if missing, as a tag PUT does.
 */
import { NotFoundError } from '../../errors.ts';
import type { Requirement } from '../../gate/rollback/requirements.ts';
import { message } from '../../messages.ts';
import { findPacticipant } from '../../repositories/pacticipants.ts';
import {
  removeRequirement,
  requirementsOfVersions,
  saveRequirement,
  type RequirementRow,
} from '../../repositories/requirements.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { versionOr404 } from '../lookup.ts';
import { ensureVersionWithLabels } from './ensure.ts';

export interface VersionRequirement {
  requires: string;
  atLeast: string | null;
  range: string | null;
  createdAt: string;
  updatedAt: string;
}

const view = (r: RequirementRow): VersionRequirement => ({
  requires: r.required_name,
  atLeast: r.at_least,
  range: r.semver_range,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function* requiredOr404(name: string) {
  const p = yield* findPacticipant(name);
  if (!p) throw new NotFoundError(message('pacticipant.not-found', { name }));
  return p;
}

export function* recordRequirement(
  hooks: Hooks,
  pacticipant: string,
  version: string,
  requires: string,
  requirement: Requirement,
): Program<{ requirement: VersionRequirement; created: boolean }> {
  const other = yield* requiredOr404(requires);
  const { consumer: p, version: row } = yield* ensureVersionWithLabels(pacticipant, version, {});
  const outcome = yield* saveRequirement(row.id, other.id, requirement.atLeast ?? null, requirement.range ?? null);
  const stored = (yield* requirementsOfVersions([row.id])).find((r) => r.required_id === other.id);
  if (!stored) throw new Error(`requirement of ${pacticipant} ${version} on ${requires} vanished in its transaction`);
  if (outcome !== 'same')
    yield* hooks.emit('requirementRecorded', {
      pacticipantId: p.id,
      pacticipant: p.name,
      versionId: row.id,
      version,
      requires: other.name,
      atLeast: stored.at_least,
      range: stored.semver_range,
    });
  return { requirement: view(stored), created: outcome === 'created' };
}

export function* requirementsOf(pacticipant: string, version: string): Program<VersionRequirement[]> {
  const { version: row } = yield* versionOr404(pacticipant, version);
  return (yield* requirementsOfVersions([row.id])).map(view);
}

export function* requirementOr404(pacticipant: string, version: string, requires: string): Program<VersionRequirement> {
  const found = (yield* requirementsOf(pacticipant, version)).find((r) => r.requires === requires);
  if (!found) throw new NotFoundError(message('requirement.not-found', { pacticipant, version, requires }));
  return found;
}

export function* deleteRequirement(
  hooks: Hooks,
  pacticipant: string,
  version: string,
  requires: string,
): Program<void> {
  const { pacticipant: p, version: row } = yield* versionOr404(pacticipant, version);
  const other = yield* findPacticipant(requires);
  if (!other || !(yield* removeRequirement(row.id, other.id)))
    throw new NotFoundError(message('requirement.not-found', { pacticipant, version, requires }));
  yield* hooks.emit('requirementDeleted', { pacticipantId: p.id, pacticipant: p.name, version, requires: other.name });
}
