import type { LoadedOpenApi } from '../../../../contracts/src/openapi/load.ts';
import { message } from '../../messages.ts';
import {
  addProviderContract,
  UNREADABLE_SPECIFICATION,
  type ProviderContractRow,
} from '../../repositories/provider-contracts.ts';
import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import { ensureVersionWithLabels, type VersionLabels } from '../versions/ensure.ts';

export interface SelfVerification {
  success: boolean;
  content?: string;
  contentType?: string;
  format?: string;
  verifier?: string;
  verifierVersion?: string;
}

export interface ProviderContractCommand extends VersionLabels {
  provider: string;
  version: string;
  content: string;
  contentType: string;
  /**
   * The loaded document; from a decoder thread (domain/off-thread/) with its JSON tree as text. `unreadable` (why)
   * when the content is no OpenAPI document: stored as given, never compared (load-document.ts).
   */
  loaded: Pick<LoadedOpenApi, 'contentHash' | 'declaredVersion'> & {
    document?: unknown;
    documentText?: string;
    unreadable?: string;
  };
  selfVerification?: SelfVerification;
}

/**
 * Stores a provider's OpenAPI document and its self-verification result against the provider version. Content that
 * is no OpenAPI document is stored too, as PactFlow stores it, with a notice that no pact will be compared with it.
 */
export function* publishProviderContract(
  hooks: Hooks,
  cmd: ProviderContractCommand,
): Program<{
  row: ProviderContractRow;
  providerId: number;
  versionId: number;
  notices: { type: string; text: string }[];
}> {
  const { consumer: provider, version, notices } = yield* ensureVersionWithLabels(cmd.provider, cmd.version, cmd);
  const row = yield* addProviderContract({
    providerId: provider.id,
    providerVersionId: version.id,
    contentSha: cmd.loaded.contentHash,
    content: cmd.content,
    contentType: cmd.contentType,
    specification: cmd.loaded.unreadable ? UNREADABLE_SPECIFICATION : `oas ${cmd.loaded.declaredVersion}`,
    document: cmd.loaded.unreadable ? null : cmd.loaded.document,
    documentText: cmd.loaded.unreadable ? 'null' : cmd.loaded.documentText,
    selfVerification: cmd.selfVerification,
  });
  notices.push({
    type: 'success',
    text: message('provider-contract.published', {
      provider: cmd.provider,
      version: cmd.version,
      success: cmd.selfVerification?.success as never,
    }),
  });
  if (cmd.loaded.unreadable)
    notices.push({
      type: 'warning',
      text: message('provider-contract.unreadable-stored', {
        provider: cmd.provider,
        version: cmd.version,
        why: cmd.loaded.unreadable,
      }),
    });
  yield* hooks.emit('providerContractPublished', {
    providerId: provider.id,
    providerVersionId: version.id,
    contractId: row.id,
  });
  return { row, providerId: provider.id, versionId: version.id, notices };
}
