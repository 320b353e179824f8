import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  consumerVersionsOfPactVersion,
  currentPublication,
  findPactVersionById,
  findPactVersionBySha,
  publicationsForPair,
  type PactVersionRow,
} from '../../repositories/pacts.ts';
import { branchesOfVersions, latestVersion, tagsOfVersions } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404, versionOr404 } from '../lookup.ts';

export interface FoundPact {
  consumer: string;
  provider: string;
  consumerVersion: string | null;
  pactVersion: PactVersionRow;
  publishedAt: string;
}

/** The pact a consumer version published for a provider. */
export function* pactForConsumerVersion(provider: string, consumer: string, number: string): Program<FoundPact> {
  const p = yield* pacticipantOr404(provider);
  const { version } = yield* versionOr404(consumer, number);
  const pub = yield* currentPublication(version.id, p.id);
  if (!pub) throw new NotFoundError(message('pact.not-found', { consumer, version: number, provider }));
  const pv = (yield* findPactVersionById(pub.pact_version_id))!;
  return { consumer, provider, consumerVersion: number, pactVersion: pv, publishedAt: pub.created_at };
}

/** A pact by its content version (sha); its consumer version is the newest that published it. */
export function* pactByVersionSha(provider: string, consumer: string, sha: string): Program<FoundPact> {
  const p = yield* pacticipantOr404(provider);
  const c = yield* pacticipantOr404(consumer);
  const pv = yield* findPactVersionBySha(c.id, p.id, sha);
  if (!pv) throw new NotFoundError(message('pact.not-found', { consumer, provider, selector: `pact version ${sha}` }));
  const versions = yield* consumerVersionsOfPactVersion(pv.id);
  return {
    consumer,
    provider,
    consumerVersion: versions[0]?.number ?? null,
    pactVersion: pv,
    publishedAt: pv.created_at,
  };
}

export type LatestSelector = { tag?: string; branch?: string; mainBranch?: boolean; untagged?: boolean };

/** The latest pact for a pair, optionally of consumer versions with a tag or on a branch. */
export function* latestPact(provider: string, consumer: string, sel: LatestSelector = {}): Program<FoundPact> {
  const p = yield* pacticipantOr404(provider);
  const c = yield* pacticipantOr404(consumer);
  const pubs = yield* publicationsForPair(c.id, p.id);
  const branch = sel.mainBranch ? (c.main_branch ?? undefined) : sel.branch;
  if (sel.mainBranch && !branch)
    throw new NotFoundError(message('pact.not-found', { consumer, provider, selector: 'main branch (none is set)' }));
  const ids = pubs.map((x) => x.consumer_version_id);
  const tags = sel.tag !== undefined || sel.untagged ? yield* tagsOfVersions(ids) : [];
  const branches = branch !== undefined ? yield* branchesOfVersions(ids) : [];
  const match = pubs.find((pub) => {
    if (sel.tag !== undefined && !tags.some((t) => t.version_id === pub.consumer_version_id && t.name === sel.tag))
      return false;
    if (sel.untagged && tags.some((t) => t.version_id === pub.consumer_version_id)) return false;
    if (branch !== undefined && !branches.some((b) => b.version_id === pub.consumer_version_id && b.branch === branch))
      return false;
    return true;
  });
  const selector = sel.tag
    ? `latest with tag ${sel.tag}`
    : branch
      ? `latest from branch ${branch}`
      : sel.untagged
        ? 'latest untagged'
        : 'latest';
  if (!match) throw new NotFoundError(message('pact.not-found', { consumer, provider, selector }));
  const pv = (yield* findPactVersionById(match.pact_version_id))!;
  return {
    consumer,
    provider,
    consumerVersion: match.consumer_version_number,
    pactVersion: pv,
    publishedAt: match.created_at,
  };
}

/** The newest version of a pacticipant, optionally with a tag: for `latest-version` resources. */
export function* latestVersionOf(pacticipant: string, tag?: string) {
  const p = yield* pacticipantOr404(pacticipant);
  const v = yield* latestVersion(p.id, tag === undefined ? {} : { tag });
  if (!v)
    throw new NotFoundError(
      message('version.not-found', { pacticipant, version: tag ? `latest with tag ${tag}` : 'latest' }),
    );
  return { pacticipant: p, version: v };
}
