import { findPacticipantById } from '../../repositories/pacticipants.ts';
import { publicationsForPair, publicationsForProvider, type PublicationRow } from '../../repositories/pacts.ts';
import { branchesOfVersions, tagsOfVersions } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404 } from '../lookup.ts';

export interface PactFilter {
  tag?: string;
  branch?: string;
  /** The consumer's own main branch. */
  mainBranch?: boolean;
  /** Only the newest matching pact of each consumer. */
  latest?: boolean;
}

export interface ListedPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  sha: string;
  createdAt: string;
}

/** Pacts of one provider (optionally one consumer) whose consumer versions match a tag or branch, newest first. */
export function* listPacts(provider: string, filter: PactFilter, consumer?: string): Program<ListedPact[]> {
  const p = yield* pacticipantOr404(provider);
  const pubs: PublicationRow[] = consumer
    ? yield* publicationsForPair((yield* pacticipantOr404(consumer)).id, p.id)
    : yield* publicationsForProvider(p.id);
  const ids = pubs.map((x) => x.consumer_version_id);
  const tags = filter.tag !== undefined ? yield* tagsOfVersions(ids) : [];
  const branches = filter.branch !== undefined || filter.mainBranch ? yield* branchesOfVersions(ids) : [];
  const names = new Map<number, { name: string; main: string | null }>();
  const out: ListedPact[] = [];
  const seenConsumers = new Set<number>();
  for (const pub of pubs) {
    if (!names.has(pub.consumer_id)) {
      const c = (yield* findPacticipantById(pub.consumer_id))!;
      names.set(pub.consumer_id, { name: c.name, main: c.main_branch });
    }
    const c = names.get(pub.consumer_id)!;
    if (
      filter.tag !== undefined &&
      !tags.some((t) => t.version_id === pub.consumer_version_id && t.name === filter.tag)
    )
      continue;
    const branch = filter.mainBranch ? c.main : filter.branch;
    if (
      (filter.branch !== undefined || filter.mainBranch) &&
      (!branch || !branches.some((b) => b.version_id === pub.consumer_version_id && b.branch === branch))
    )
      continue;
    if (filter.latest) {
      if (seenConsumers.has(pub.consumer_id)) continue;
      seenConsumers.add(pub.consumer_id);
    }
    out.push({
      consumer: c.name,
      provider,
      consumerVersion: pub.consumer_version_number,
      sha: pub.sha,
      createdAt: pub.created_at,
    });
  }
  return out;
}
