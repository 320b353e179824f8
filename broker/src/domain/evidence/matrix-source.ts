import type { MatrixWorld, PairEvidence, PairEvidenceQuery } from '../../gate/matrix/types.ts';
import type { Program } from '../../storage/sql.ts';
import { evidenceKey, resolveEvidence, type EvidenceQuery } from './resolve.ts';

/**
 * Evidence for matrix rows that have no verification result: subsumption proofs and static OpenAPI verdicts, resolved
 * in one batch for exactly the (pact, provider version) pairs the rows ask about (`asked`: the matrix records them in
 * a first build). Not every pact of the world against every provider version of the world: for two pacticipants asked
 * without versions at 150,000 versions that was 250,000 pairs for a few dozen rows. A verification result always wins:
 * the matrix asks this only for rows without one.
 */
export function* matrixEvidenceSource(
  world: MatrixWorld,
  asked: readonly PairEvidenceQuery[],
): Program<PairEvidence | undefined> {
  const shaOf = new Map<number, string>();
  for (const pub of [...world.specifiedPublications, ...world.publications]) shaOf.set(pub.pactVersionId, pub.sha);
  const queries = new Map<string, EvidenceQuery>();
  for (const pair of asked) {
    const pactSha = shaOf.get(pair.pactVersionId);
    if (pactSha !== undefined)
      queries.set(evidenceKey(pair.pactVersionId, pair.providerVersionId), {
        pactVersionId: pair.pactVersionId,
        pactSha,
        providerVersionId: pair.providerVersionId,
      });
  }
  if (!queries.size) return undefined;
  const resolved = yield* resolveEvidence([...queries.values()]);
  return (pair) => {
    const e = resolved.get(evidenceKey(pair.pactVersionId, pair.providerVersionId));
    // Only real evidence is passed on; "none" leaves the row unknown with the matrix's own reason.
    return e && e.evidence !== 'none' ? e : undefined;
  };
}
