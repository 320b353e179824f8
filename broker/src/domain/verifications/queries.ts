import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { findPacticipant } from '../../repositories/pacticipants.ts';
import { findPactVersionById } from '../../repositories/pacts.ts';
import {
  findVerification,
  latestVerificationOfPactVersion,
  type VerificationRow,
} from '../../repositories/verifications.ts';
import type { Program } from '../../storage/sql.ts';
import { latestPact, pactByVersionSha, type LatestSelector } from '../pacts/queries.ts';

export type { VerificationRow } from '../../repositories/verifications.ts';

interface PactOfPair {
  provider: string;
  consumer: string;
  sha: string;
}

/** A verification result of a pact: another pair's or pact version's result is not found here. */
export function* verificationOfPact(pact: PactOfPair, id: string): Program<VerificationRow> {
  const v = /^\d+$/.test(id) ? yield* findVerification(Number(id)) : undefined;
  const pv = v ? yield* findPactVersionById(v.pact_version_id) : undefined;
  const c = v ? yield* findPacticipant(pact.consumer) : undefined;
  const p = v ? yield* findPacticipant(pact.provider) : undefined;
  if (v && pv && c && p && pv.sha === pact.sha && pv.consumer_id === c.id && pv.provider_id === p.id) return v;
  throw new NotFoundError(message('verification.not-found', { id, ...pact }));
}

/** The newest verification result for a pact's content. */
export function* latestVerificationOfPact(pact: PactOfPair): Program<VerificationRow> {
  const found = yield* pactByVersionSha(pact.provider, pact.consumer, pact.sha);
  const row = yield* latestVerificationOfPactVersion(found.pactVersion.id);
  if (!row) throw new NotFoundError(message('verification.none-for-pact-version', { sha: pact.sha }));
  return row;
}

/** Whether the latest pact of a pair (optionally by tag) was verified: undefined when unknown. */
export function* latestPactVerified(
  provider: string,
  consumer: string,
  selector: LatestSelector,
): Program<boolean | undefined> {
  const found = yield* latestPact(provider, consumer, selector);
  const v = yield* latestVerificationOfPactVersion(found.pactVersion.id);
  return v ? Boolean(v.success) : undefined;
}
