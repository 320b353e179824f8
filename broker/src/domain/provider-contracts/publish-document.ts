import type { Store } from '../../storage/port.ts';
import type { Hooks } from '../hooks.ts';
import { loadDocumentOffThread } from '../off-thread/pool.ts';
import { publishProviderContract, type SelfVerification } from './publish.ts';

export interface ProviderDocument {
  provider: string;
  version: string;
  labels: { branch?: string; tags?: string[]; buildUrl?: string };
  /** Base64 of the document. */
  content: string;
  contentType: string;
  /** The request field that held the document, for error paths. */
  at: string;
  selfVerification?: SelfVerification;
}

/**
 * Publishes a provider's OpenAPI document: parsed first (slow, async, outside any transaction), then
 * stored with its self-verification in one write.
 */
export async function publishProviderDocument(store: Store, hooks: Hooks, d: ProviderDocument) {
  // Parsed, validated and hashed in a decoder thread: a 10,000-path document delays no other request.
  const { text, ...loaded } = await loadDocumentOffThread(d.content, d.contentType, d.at);
  return store.write(() =>
    publishProviderContract(hooks, {
      provider: d.provider,
      version: d.version,
      ...d.labels,
      content: text,
      contentType: d.contentType,
      loaded,
      selfVerification: d.selfVerification,
    }),
  );
}
