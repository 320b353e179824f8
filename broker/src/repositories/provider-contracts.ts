import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { integer, nullable, rowType, text } from './decode.ts';

/**
 * The `specification` of a provider contract stored as given because it is no OpenAPI document (its `document` is
 * JSON null): PactFlow stores any content, and its clients publish a placeholder. Such a contract is never compared
 * with a pact nor diffed; every answer that would need it is unknown. A readable one's is `oas <version>`.
 */
export const UNREADABLE_SPECIFICATION = 'oas (unreadable)';

export const isUnreadableContract = (c: { specification: string }) => c.specification === UNREADABLE_SPECIFICATION;

export interface ProviderContractRow {
  id: number;
  provider_id: number;
  provider_version_id: number;
  content_sha: string;
  content: string;
  content_type: string;
  specification: string;
  document: string;
  self_verification: string | null;
  created_at: string;
}

const providerContractRows = rowType<ProviderContractRow>('provider contract', {
  id: integer,
  provider_id: integer,
  provider_version_id: integer,
  content_sha: text,
  content: text,
  content_type: text,
  specification: text,
  document: text,
  self_verification: nullable(text),
  created_at: text,
});

export interface NewProviderContract {
  providerId: number;
  providerVersionId: number;
  contentSha: string;
  content: string;
  contentType: string;
  specification: string;
  /** The JSON tree, or (`documentText`) its JSON text already serialised off the event loop. */
  document?: unknown;
  documentText?: string;
  selfVerification?: unknown;
}

export function* addProviderContract(c: NewProviderContract): Program<ProviderContractRow> {
  yield* run(
    `INSERT INTO provider_contracts (provider_id, provider_version_id, content_sha, content, content_type, specification, document, self_verification, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.providerId,
      c.providerVersionId,
      c.contentSha,
      c.content,
      c.contentType,
      c.specification,
      c.documentText ?? JSON.stringify(c.document),
      c.selfVerification === undefined ? null : JSON.stringify(c.selfVerification),
      nowIso(),
    ],
  );
  return (yield* latestProviderContract(c.providerVersionId))!;
}

/** The provider version's current contract: the last one published for it. */
export function* latestProviderContract(providerVersionId: number): Program<ProviderContractRow | undefined> {
  return yield* providerContractRows.get(
    'SELECT * FROM provider_contracts WHERE provider_version_id = ? ORDER BY id DESC LIMIT 1',
    [providerVersionId],
  );
}

export function* providerContractsOf(providerId: number): Program<ProviderContractRow[]> {
  return yield* providerContractRows.all('SELECT * FROM provider_contracts WHERE provider_id = ? ORDER BY id DESC', [
    providerId,
  ]);
}
