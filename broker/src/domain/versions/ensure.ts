import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { ensurePacticipant, updatePacticipant, type PacticipantRow } from '../../repositories/pacticipants.ts';
import { addBranchVersion, addTag, ensureVersion, type VersionRow } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';

export interface VersionLabels {
  branch?: string;
  tags?: string[];
  buildUrl?: string;
}

/** Branch names taken as the main branch when a pacticipant has none set (as the Pact Broker does). */
const MAIN_BRANCH_CANDIDATES = ['main', 'master', 'develop'];

/** Creates the pacticipant and version if needed, then adds the branch, tags and build URL. */
/** Longest name, version number, branch or tag: longer ones could be stored but never asked about (URLs have limits). */
export const MAX_LABEL_LENGTH = 255;

function checkLengths(pacticipantName: string, number: string, labels: VersionLabels): void {
  const problems = [
    ['pacticipant', pacticipantName],
    ['version', number],
    ['branch', labels.branch],
    ...(labels.tags ?? []).map((t) => ['tag', t] as const),
  ]
    .filter(([, v]) => v !== undefined && v.length > MAX_LABEL_LENGTH)
    .map(([what, v]) => ({
      path: what as string,
      message: message('label.too-long', { length: v!.length, max: MAX_LABEL_LENGTH }),
    }));
  if (problems.length) throw new ValidationError(problems);
}

export function* ensureVersionWithLabels(
  pacticipantName: string,
  number: string,
  labels: VersionLabels,
): Program<{
  consumer: PacticipantRow;
  version: VersionRow;
  created: boolean;
  /** Whether the version was newly added to the branch. */
  branchAdded: boolean;
  notices: { type: string; text: string }[];
}> {
  checkLengths(pacticipantName, number, labels);
  const consumer = yield* ensurePacticipant(pacticipantName);
  const { row: version, created } = yield* ensureVersion(consumer.id, number, labels.buildUrl);
  let branchAdded = false;
  if (labels.branch) {
    branchAdded = yield* addBranchVersion(consumer.id, version.id, labels.branch);
    if (!consumer.main_branch && MAIN_BRANCH_CANDIDATES.includes(labels.branch)) {
      yield* updatePacticipant(consumer.id, { mainBranch: labels.branch });
      consumer.main_branch = labels.branch;
    }
  }
  for (const tag of labels.tags ?? []) yield* addTag(version.id, tag);
  const args = {
    pacticipant: pacticipantName,
    version: number,
    branch: labels.branch,
    tags: labels.tags?.length ? labels.tags.join(', ') : undefined,
  };
  return {
    consumer,
    version,
    created,
    branchAdded,
    notices: [{ type: 'success', text: message(created ? 'version.created' : 'version.exists', args) }],
  };
}
