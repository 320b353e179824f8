import type { MatrixWorld, PairEvidence, WorldVersion } from '../../gate/matrix/types.ts';
import type { Program } from '../../storage/sql.ts';
import { evidenceKey, resolveEvidence, type EvidenceQuery } from './resolve.ts';

/**
 * Evidence for matrix rows that have no verification result: subsumption proofs and static OpenAPI
 * verdicts, resolved in one batch for every (pact, provider version) the world may pair up. A
 * verification result always wins: the matrix asks this only for rows without one.
 */
export function* matrixEvidenceSource(world: MatrixWorld): Program<PairEvidence | undefined> {
  const versionsOf = new Map<string, WorldVersion[]>();
  const add = (v: WorldVersion) => {
    const list = versionsOf.get(v.pacticipant) ?? [];
    if (!list.some((x) => x.id === v.id)) list.push(v);
    versionsOf.set(v.pacticipant, list);
  };
  for (const s of world.specified) s.versions.forEach(add);
  for (const vs of Object.values(world.inferred)) vs.forEach(add);
  const verified = new Set(world.verifications.map((v) => evidenceKey(v.pactVersionId, v.providerVersionId)));
  const queries: EvidenceQuery[] = [];
  for (const pub of [...world.specifiedPublications, ...world.publications]) {
    for (const v of versionsOf.get(pub.provider) ?? []) {
      if (!verified.has(evidenceKey(pub.pactVersionId, v.id)))
        queries.push({ pactVersionId: pub.pactVersionId, pactSha: pub.sha, providerVersionId: v.id });
    }
  }
  if (!queries.length) return undefined;
  const resolved = yield* resolveEvidence(queries);
  return (pair) => {
    const e = resolved.get(evidenceKey(pair.pactVersionId, pair.providerVersionId));
    // Only real evidence is passed on; "none" leaves the row unknown with the matrix's own reason.
    return e && e.evidence !== 'none' ? e : undefined;
  };
}
