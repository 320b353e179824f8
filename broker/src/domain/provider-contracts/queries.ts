import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { latestProviderContract, type ProviderContractRow } from '../../repositories/provider-contracts.ts';
import type { Program } from '../../storage/sql.ts';
import { versionOr404 } from '../lookup.ts';

export type { ProviderContractRow } from '../../repositories/provider-contracts.ts';
export { isUnreadableContract } from '../../repositories/provider-contracts.ts';

/** The provider contract published for a provider version (the newest, when republished). */
export function* providerContractOf(provider: string, version: string): Program<ProviderContractRow> {
  const { version: v } = yield* versionOr404(provider, version);
  const c = yield* latestProviderContract(v.id);
  if (!c) throw new NotFoundError(message('provider-contract.not-found', { provider, version }));
  return c;
}
