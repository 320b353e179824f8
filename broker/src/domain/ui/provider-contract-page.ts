import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { versionsWithDocuments } from '../../repositories/openapi-changes.ts';
import { latestProviderContract } from '../../repositories/provider-contracts.ts';
import { versionOr404 } from '../lookup.ts';

/** How many other versions the page offers to compare with. */
const CHOICES = 100;

/** A provider version's OpenAPI document and the provider's other versions with a document (newest first). */
export function* providerContractPage(provider: string, version: string) {
  const { pacticipant, version: v } = yield* versionOr404(provider, version);
  const contract = yield* latestProviderContract(v.id);
  if (!contract) throw new NotFoundError(message('provider-contract.not-found', { provider, version }));
  const others = (yield* versionsWithDocuments(pacticipant.id, CHOICES + 1)).filter((n) => n !== version);
  return { contract, others: others.slice(0, CHOICES) };
}
