import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  findPactVersionById,
  findPactVersionBySha,
  publicationsForPair,
  type PublicationRow,
} from '../../repositories/pacts.ts';
import type { Program } from '../../storage/sql.ts';
import { pacticipantOr404 } from '../lookup.ts';
import { lineDiff, pactLines } from './line-diff.ts';

/** A pact as its URL names it: by consumer version, or (pact-version URLs) by content sha. */
export interface PactRef {
  provider: string;
  consumer: string;
  version?: string;
  sha?: string;
}

export interface PublishedPact {
  pub: PublicationRow;
  content: string;
}

function* pairPubs(ref: PactRef) {
  const p = yield* pacticipantOr404(ref.provider);
  const c = yield* pacticipantOr404(ref.consumer);
  return { p, c, pubs: yield* publicationsForPair(c.id, p.id) };
}

function* withContent(pub: PublicationRow): Program<PublishedPact> {
  return { pub, content: (yield* findPactVersionById(pub.pact_version_id))!.content };
}

/** The publication a pact URL names: by consumer version, or (pact-version URLs) the newest with that content. */
function* current(ref: PactRef, pubs: PublicationRow[], ids: { c: number; p: number }): Program<PublicationRow> {
  const found =
    ref.version !== undefined
      ? pubs.find((x) => x.consumer_version_number === ref.version)
      : (yield* findPactVersionBySha(ids.c, ids.p, ref.sha!)) && pubs.find((x) => x.sha === ref.sha);
  if (!found)
    throw new NotFoundError(
      message('pact.not-found', {
        consumer: ref.consumer,
        provider: ref.provider,
        version: ref.version,
        selector: ref.sha ? `pact version ${ref.sha}` : undefined,
      }),
    );
  return found;
}

/** A pact and the previous distinct version of it (a 404 when there is none). */
export function* previousDistinctPact(ref: PactRef): Program<{ now: PublishedPact; before: PublishedPact }> {
  const { p, c, pubs } = yield* pairPubs(ref);
  const now = yield* current(ref, pubs, { c: c.id, p: p.id });
  const prev = pubs.slice(pubs.indexOf(now) + 1).find((x) => x.pact_version_id !== now.pact_version_id);
  if (!prev)
    throw new NotFoundError(message('pact.no-previous-distinct', { consumer: ref.consumer, provider: ref.provider }));
  return { now: yield* withContent(now), before: yield* withContent(prev) };
}

/** What changed since the previous distinct version of a pact, as a line diff. */
export function* diffWithPreviousDistinct(ref: PactRef): Program<string> {
  const { now, before } = yield* previousDistinctPact(ref);
  return lineDiff(pactLines(before.content), pactLines(now.content));
}

/** What changed from another version of the pact (`other`) to this one, as a line diff. */
export function* diffBetween(ref: PactRef, other: { version?: string; sha?: string }): Program<string> {
  const { p, c, pubs } = yield* pairPubs(ref);
  const ids = { c: c.id, p: p.id };
  const now = yield* withContent(yield* current(ref, pubs, ids));
  const otherRef: PactRef =
    other.version !== undefined
      ? { ...ref, version: other.version }
      : { provider: ref.provider, consumer: ref.consumer, sha: other.sha };
  const then = yield* withContent(yield* current(otherRef, pubs, ids));
  return lineDiff(pactLines(then.content), pactLines(now.content));
}
