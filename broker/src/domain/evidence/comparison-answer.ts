import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import type { Program } from '../../storage/sql.ts';
import { versionOr404 } from '../lookup.ts';
import { pactByVersionSha } from '../pacts/queries.ts';
import { comparisonAnswerRow, type ComparisonAnswerRow } from './queries.ts';

/**
 * The stored answer for a pact version and a provider version: one indexed query (no pact content,
 * no document text). Only when something is missing does it look again, to say what (404).
 */
export function* comparisonAnswer(
  provider: string,
  consumer: string,
  sha: string,
  providerVersion: string,
): Program<ComparisonAnswerRow & { document_sha: string }> {
  const row = yield* comparisonAnswerRow(provider, consumer, sha, providerVersion);
  if (row?.document_sha) return row as ComparisonAnswerRow & { document_sha: string };
  // Each of these throws the NotFoundError naming what is missing.
  yield* pactByVersionSha(provider, consumer, sha);
  yield* versionOr404(provider, providerVersion);
  throw new NotFoundError(message('provider-contract.no-document', { provider, version: providerVersion }));
}
