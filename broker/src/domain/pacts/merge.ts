import { canonicalJson } from '../../../../contracts/src/pact/canonical-json.ts';

type Json = Record<string, unknown>;

const keyOf = (i: Json) => canonicalJson({ d: i.description, s: i.providerStates ?? i.providerState ?? null });

/**
 * Merges a new pact into the published one for the same consumer version (`--merge`, used when
 * several test runs publish parts of one pact). Interactions are matched by description and provider
 * states: new ones are added, identical ones kept; the same key with other content is a conflict.
 */
export function mergePacts(existing: Json, incoming: Json): { merged: Json; conflict?: string; added: number } {
  const container =
    Array.isArray(existing.messages) && !Array.isArray(existing.interactions) ? 'messages' : 'interactions';
  const current = (existing[container] as Json[]) ?? [];
  const byKey = new Map(current.map((i) => [keyOf(i), i]));
  const result = [...current];
  let added = 0;
  for (const i of (incoming[container] as Json[]) ?? []) {
    const found = byKey.get(keyOf(i));
    if (!found) {
      result.push(i);
      byKey.set(keyOf(i), i);
      added++;
    } else if (canonicalJson(found) !== canonicalJson(i)) {
      return { merged: existing, conflict: String(i.description), added: 0 };
    }
  }
  return { merged: { ...existing, [container]: result }, added };
}
