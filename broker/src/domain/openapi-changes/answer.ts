import type { DiffResult } from '../../../../contracts/src/openapi-diff/types.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { contractRefOfVersion, findOpenApiChanges, type ContractRef } from '../../repositories/openapi-changes.ts';
import type { Program } from '../../storage/sql.ts';
import { versionOr404 } from '../lookup.ts';

/** What changed from one provider version's document (`against`) to another's (`version`), as far as it is known. */
export type ChangesAnswer =
  | { status: 'pending' }
  | { status: 'failed'; failure: string }
  | {
      status: 'computed';
      result: DiffResult /** Absent for two identical documents (nothing to compute). */;
      computedAt?: string;
    };

export interface ChangesQuestion {
  provider: string;
  version: string;
  against: string;
}

function* contractOf(provider: string, version: string, field: string): Program<ContractRef> {
  const { version: v } = yield* versionOr404(provider, version);
  const c = yield* contractRefOfVersion(v.id);
  if (!c) {
    const text = message('provider-contract.not-found', { provider, version });
    throw field === 'version' ? new NotFoundError(text) : ValidationError.of(field, text);
  }
  return c;
}

export function* storedAnswer(base: ContractRef, revision: ContractRef): Program<ChangesAnswer | undefined> {
  // The same document: nothing changed, and no diff is needed to say so.
  if (base.content_sha === revision.content_sha) return { status: 'computed', result: emptyResult() };
  const row = yield* findOpenApiChanges(base.content_sha, revision.content_sha);
  if (!row) return undefined;
  if (row.result === null) return { status: 'failed', failure: row.failure ?? '' };
  return { status: 'computed', result: JSON.parse(row.result) as DiffResult, computedAt: row.created_at };
}

/** The two documents of a question and their stored changes, if any (one read). */
export function* changesQuestion(
  q: ChangesQuestion,
): Program<{ base: ContractRef; revision: ContractRef; answer?: ChangesAnswer }> {
  const revision = yield* contractOf(q.provider, q.version, 'version');
  const base = yield* contractOf(q.provider, q.against, 'against');
  return { base, revision, answer: yield* storedAnswer(base, revision) };
}

const emptyResult = (): DiffResult => ({
  findings: [],
  unconfirmed: [],
  partial: false,
  unseen: [],
  versions: { base: '', revision: '' },
  engines: [],
  failures: [],
});
