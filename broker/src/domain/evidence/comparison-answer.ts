import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { isUnreadableContract } from '../../repositories/provider-contracts.ts';
import type { Program } from '../../storage/sql.ts';
import { versionOr404 } from '../lookup.ts';
import { pactByVersionSha } from '../pacts/queries.ts';
import { comparisonAnswerRow, comparisonJobState, type ComparisonAnswerRow } from './queries.ts';

/**
 * Where an answer without a result stands: `pending` while its job is queued or running; `not-queued` when nothing
 * will compute it (static evidence off, the job failed for good or was purged), so it never says "being computed"
 * for ever.
 */
export type ComparisonProgress = { status: 'done' } | { status: 'pending' } | { status: 'not-queued'; reason: string };

/**
 * The stored answer for a pact version and a provider version: one indexed query (no pact content,
 * no document text). Only when something is missing does it look again, to say what (404).
 */
export function* comparisonAnswer(
  provider: string,
  consumer: string,
  sha: string,
  providerVersion: string,
): Program<ComparisonAnswerRow & { document_sha: string; progress: ComparisonProgress }> {
  const row = yield* comparisonAnswerRow(provider, consumer, sha, providerVersion);
  if (row?.document_sha && row.specification !== null && isUnreadableContract({ specification: row.specification }))
    // No OpenAPI document to compare with: answered now, and for good.
    return {
      ...row,
      document_sha: row.document_sha,
      result: 'unknown',
      reason: message('provider-contract.unreadable'),
      findings: '[]',
      engine_name: 'rollgate',
      engine_version: '0',
      progress: { status: 'done' },
    };
  if (row?.document_sha) {
    let progress: ComparisonProgress = { status: 'done' };
    if (row.result === null) {
      const job = yield* comparisonJobState(row.pact_sha, row.document_sha);
      progress =
        job?.status === 'queued' || job?.status === 'running'
          ? { status: 'pending' }
          : {
              status: 'not-queued',
              reason:
                job?.status === 'failed'
                  ? message('comparison.job-failed', { error: job.last_error ?? '' })
                  : message('comparison.not-queued'),
            };
    }
    return { ...(row as ComparisonAnswerRow & { document_sha: string }), progress };
  }
  // Each of these throws the NotFoundError naming what is missing.
  yield* pactByVersionSha(provider, consumer, sha);
  yield* versionOr404(provider, providerVersion);
  throw new NotFoundError(message('provider-contract.no-document', { provider, version: providerVersion }));
}
