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
 * Canonical texts of recently hashed interactions, keyed by their plain serialisation (which fixes
 * the canonical text). Consumers publish mostly the same interactions version after version, so a
 * large pact is hashed at the cost of one native JSON.stringify. Bounded by total characters; the
 * oldest entries go first.
 */
class CanonicalMemo {
  private readonly entries = new Map<string, string>();
  private chars = 0;
  constructor(private readonly maxChars: number) {}

  canonical(interaction: Record<string, unknown>): string {
    const plain = JSON.stringify(interaction);
    const hit = this.entries.get(plain);
    if (hit !== undefined) {
      this.entries.delete(plain);
      this.entries.set(plain, hit);
      return hit;
    }
    const text = canonicalJson(stripNonVerificationKeys(interaction));
    const size = plain.length + text.length;
    if (size > this.maxChars / 4) return text;
    this.entries.set(plain, text);
    this.chars += size;
    for (const [k, v] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(k);
      this.chars -= k.length + v.length;
    }
    return text;
  }
}

const memo = new CanonicalMemo(16 * 1024 * 1024);

/**
 * The pact version's identity: a SHA-1 over the verification-relevant content only, i.e. the
 * interactions (or messages) and the specification's major version. Key order and the order of the
 * interactions do not matter; every other array keeps its order.
 */
export function pactContentHash(pact: Pact): string {
  const items = pact.interactions.map((i) => memo.canonical(i.raw)).sort();
  const canonical = `{"spec":${JSON.stringify(pact.specVersion)},"${pact.container}":[${items.join(',')}]}`;
  return createHash('sha1').update(canonical).digest('hex');
}

/** SHA-256 of any text, for documents and other content-addressed blobs. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
