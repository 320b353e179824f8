import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  deleteBranch,
  findBranch,
  listBranches,
  removeBranchVersion,
  versionsOnBranch,
  type VersionRow,
} from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { pacticipantOr404, versionOr404 } from '../lookup.ts';
import { ensureVersionWithLabels } from './ensure.ts';

type Branch = { id: number; name: string; created_at: string };

/** Adds a version to a branch (the Verifier's first call), creating what is missing; true when newly added. */
export function* addVersionToBranch(
  hooks: Hooks,
  pacticipant: string,
  branch: string,
  version: string,
): Program<boolean> {
  const { consumer: p, version: row, branchAdded } = yield* ensureVersionWithLabels(pacticipant, version, { branch });
  if (branchAdded)
    yield* hooks.emit('branchVersionAdded', {
      pacticipantId: p.id,
      pacticipant: p.name,
      versionId: row.id,
      version,
      branch,
    });
  return branchAdded;
}

export function* branchesOf(pacticipant: string): Program<Branch[]> {
  return yield* listBranches((yield* pacticipantOr404(pacticipant)).id);
}

export function* branchOr404(pacticipant: string, branch: string): Program<Branch> {
  const b = yield* findBranch((yield* pacticipantOr404(pacticipant)).id, branch);
  if (!b) throw new NotFoundError(message('branch.not-found', { pacticipant, branch }));
  return b;
}

/** The versions on a branch, oldest first. */
export function* branchVersions(pacticipant: string, branch: string): Program<VersionRow[]> {
  const p = yield* pacticipantOr404(pacticipant);
  if (!(yield* findBranch(p.id, branch))) throw new NotFoundError(message('branch.not-found', { pacticipant, branch }));
  return yield* versionsOnBranch(p.id, branch);
}

/** Deletes a branch (its versions stay). */
export function* deleteBranchOf(hooks: Hooks, pacticipant: string, branch: string): Program<void> {
  const p = yield* pacticipantOr404(pacticipant);
  yield* deleteBranch((yield* branchOr404(pacticipant, branch)).id);
  yield* hooks.emit('branchDeleted', { pacticipantId: p.id, pacticipant: p.name, branch });
}

/** `DELETE /pacticipants/P/branches/B/versions/V`: takes the version off the branch (the version stays). */
export function* removeVersionFromBranch(
  hooks: Hooks,
  pacticipant: string,
  branch: string,
  version: string,
): Program<void> {
  const b = yield* branchOr404(pacticipant, branch);
  const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
  if (!(yield* removeBranchVersion(b.id, v.id)))
    throw new NotFoundError(message('branch-version.not-found', { pacticipant, branch, version }));
  yield* hooks.emit('branchVersionRemoved', {
    pacticipantId: p.id,
    pacticipant: p.name,
    branch: b.name,
    version: v.number,
  });
}
