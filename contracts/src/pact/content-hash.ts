import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { Pact } from './model.ts';

/** Keys a broker or a tool adds that never change what a provider must do. */
const NON_VERIFICATION_KEYS = new Set(['_id', 'comments']);

function stripNonVerificationKeys(interaction: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(interaction)) if (!NON_VERIFICATION_KEYS.has(k)) out[k] = v;
  return out;
}

/**
 * The pact version's identity: a SHA-1 over the verification-relevant content only, i.e. the
 * interactions (or messages) and the specification's major version. Key order and the order of the
 * interactions do not matter; every other array keeps its order.
 */
export function pactContentHash(pact: Pact): string {
  const items = pact.interactions.map((i) => canonicalJson(stripNonVerificationKeys(i.raw))).sort();
  const canonical = `{"spec":${JSON.stringify(pact.specVersion)},"${pact.container}":[${items.join(',')}]}`;
  return createHash('sha1').update(canonical).digest('hex');
}

/** SHA-256 of any text, for documents and other content-addressed blobs. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
