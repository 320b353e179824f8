/**
 * Declared requirements (issue 21): a version may declare that it needs another pacticipant at or above a version, or
 * within a semver range, for couplings no pact sees (a shared table, a cache format, an event without a message pact).
 * The broker evaluates each requirement against the other pacticipant's versions in play (`DeclaredRow`, evidence
 * `declared`); here they become pairs like any other, so the engine stays one:
 *  - a requiring version with no pact with the other pacticipant gets the declared pair alone;
 *  - where a pact exists too, a pair is incompatible if either evidence says so, and compatible only if the pact's
 *    evidence is: a declared requirement never turns an unknown pact pair into a compatible one.
 * A coupling that goes both ways is declared both ways.
 */
import type { EvidenceRow, PactRow, RollbackWorld } from './types.ts';

const pactKey = (c: string, cv: string, p: string) => `${c}\u0000${cv}\u0000${p}`;
const pairKey = (r: Pick<EvidenceRow, 'consumer' | 'consumerVersion' | 'provider' | 'providerVersion'>) =>
  `${r.consumer}\u0000${r.consumerVersion}\u0000${r.provider}\u0000${r.providerVersion}`;

/** The world with its declared requirements folded into pacts and evidence (the world itself when it has none). */
export function withDeclared(world: RollbackWorld): RollbackWorld {
  const declared = world.declared ?? [];
  if (declared.length === 0) return world;
  const hasPact = new Set(world.pacts.map((r) => pactKey(r.consumer, r.consumerVersion, r.provider)));
  const declaredAt = new Map<string, EvidenceRow>();
  for (const d of declared) declaredAt.set(pairKey(d), d);

  const pacts: PactRow[] = world.pacts.slice();
  for (const d of declared) {
    const k = pactKey(d.consumer, d.consumerVersion, d.provider);
    if (!hasPact.has(k)) {
      hasPact.add(k);
      pacts.push({ consumer: d.consumer, consumerVersion: d.consumerVersion, provider: d.provider });
    }
  }
  const pactPairs = new Set(world.pacts.map((r) => pactKey(r.consumer, r.consumerVersion, r.provider)));
  const declaredOnly = (r: EvidenceRow) => !pactPairs.has(pactKey(r.consumer, r.consumerVersion, r.provider));
  // Where both exist: the pact's row when it says incompatible or the declaration is satisfied, else the declaration's.
  const pick = (row: EvidenceRow, d: EvidenceRow) =>
    row.verdict === 'incompatible' || d.verdict === 'compatible' ? row : d;
  const evidence: EvidenceRow[] = [];
  const combined = new Set<string>();
  for (const row of world.evidence) {
    // A pair with no pact is decided by its declaration alone: other rows for it are not evidence of anything.
    if (declaredOnly(row) && hasPact.has(pactKey(row.consumer, row.consumerVersion, row.provider))) continue;
    const d = declaredAt.get(pairKey(row));
    evidence.push(d === undefined ? row : pick(row, d));
    if (d !== undefined) combined.add(pairKey(row));
  }
  for (const d of declared) {
    const k = pairKey(d);
    if (combined.has(k)) continue;
    combined.add(k);
    // No evidence row: a pact pair is unknown, and the declaration can only keep it so or make it incompatible.
    evidence.push(declaredOnly(d) || d.verdict !== 'compatible' ? d : { ...d, verdict: 'unknown', evidence: 'none' });
  }
  return { ...world, pacts, evidence };
}
