import { parsePact } from '../../../../contracts/src/pact/parse.ts';
import type { ApiChangesRow, ApiFinding, DeploymentFacts, PactRow, PactUsage } from '../../gate/rollback/index.ts';
import { contractRefsOfVersions, findOpenApiChanges, type ContractRef } from '../../repositories/openapi-changes.ts';
import type { Program } from '../../storage/sql.ts';
import { pactText } from '../evidence/queries.ts';
import { breakingFindings } from '../openapi-changes/findings.ts';

const vkey = (p: string, v: string) => `${p}\u0000${v}`;

/** One provider move whose stored diff a rollback answer reads: from an instance's current version to one it may go to. */
export interface ApiMove {
  provider: string;
  from: string;
  to: string;
}

/**
 * The moves a targeted rollback's API warnings may read (issue 20): for each target, from each instance's current
 * version to each version in play it may roll back to (a handful: `steps` back).
 */
export function targetedMoves(
  facts: DeploymentFacts,
  targets: readonly string[],
  inPlay: readonly { pacticipant: string; version: string }[],
): ApiMove[] {
  const wanted = new Set(targets);
  const out: ApiMove[] = [];
  for (const unit of facts.units) {
    if (!wanted.has(unit.name)) continue;
    const currents = [...new Set(unit.instances.map((i) => i.current))];
    const candidates = inPlay.filter((x) => x.pacticipant === unit.name).map((x) => x.version);
    for (const from of currents)
      for (const to of candidates) if (to !== from) out.push({ provider: unit.name, from, to });
  }
  return out;
}

/**
 * The stored diffs of the given moves (the targeted answer's: `targetedMoves`; the any-subset answer's: every
 * deployed provider's current -> prior, `rollbackMoves`), and, only when one of them removes something, the HTTP
 * interactions of the pacts of the consumer versions live in the environment (to say who uses what is removed).
 * Bounded by the services and their instances, not by history: two document references and one diff per move.
 * Never computes a diff: a pair not stored yet is `pending`.
 */
export function* gatherApiChanges(
  facts: DeploymentFacts,
  moves: readonly ApiMove[],
  versionIds: ReadonlyMap<string, number>,
  pacts: readonly PactRow[],
  pactVersionOf: (consumer: string, consumerVersion: string, provider: string) => number | undefined,
): Program<{ apiChanges: ApiChangesRow[]; pactUsage: PactUsage[] }> {
  const ids = new Set<number>();
  for (const m of moves)
    for (const v of [m.from, m.to]) {
      const id = versionIds.get(vkey(m.provider, v));
      if (id !== undefined) ids.add(id);
    }
  // The documents of every version a move touches, in one read; most services have none.
  const contracts = yield* contractRefsOfVersions([...ids]);
  const contractOf = (pacticipant: string, version: string): ContractRef | undefined => {
    const id = versionIds.get(vkey(pacticipant, version));
    return id === undefined ? undefined : contracts.get(id);
  };
  const apiChanges: ApiChangesRow[] = [];
  const seen = new Set<string>();
  for (const { provider, from, to } of moves) {
    const key = `${vkey(provider, from)}\u0000${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    const base = contractOf(provider, from);
    if (!base) continue;
    const revision = contractOf(provider, to);
    if (!revision) continue;
    apiChanges.push({ provider, from, to, ...(yield* changesOf(base, revision)) });
  }
  const providers = new Set(apiChanges.filter((c) => c.findings.length > 0).map((c) => c.provider));
  if (!providers.size) return { apiChanges, pactUsage: [] };
  const live = new Set(
    facts.units.flatMap((u) => [
      ...u.instances.map((i) => vkey(u.name, i.current)),
      ...u.released.map((r) => vkey(u.name, r)),
    ]),
  );
  const pactUsage: PactUsage[] = [];
  for (const p of pacts) {
    if (!providers.has(p.provider) || !live.has(vkey(p.consumer, p.consumerVersion))) continue;
    const id = pactVersionOf(p.consumer, p.consumerVersion, p.provider);
    const text = id === undefined ? undefined : yield* pactText(id);
    if (text) pactUsage.push({ ...p, interactions: interactionsOf(text.content) });
  }
  return { apiChanges, pactUsage };
}

function* changesOf(base: ContractRef, revision: ContractRef): Program<Pick<ApiChangesRow, 'status' | 'findings'>> {
  if (base.content_sha === revision.content_sha) return { status: 'computed', findings: [] };
  const row = yield* findOpenApiChanges(base.content_sha, revision.content_sha);
  if (!row) return { status: 'pending', findings: [] };
  if (row.result === null) return { status: 'failed', findings: [] };
  const findings: ApiFinding[] = breakingFindings(row.result);
  return { status: 'computed', findings };
}

/** The HTTP interactions of a stored pact, as the usage check reads them; a pact that does not parse uses nothing. */
function interactionsOf(content: string): PactUsage['interactions'] {
  try {
    return parsePact(JSON.parse(content)).interactions.flatMap((i) =>
      i.kind === 'http'
        ? [
            {
              method: i.request.method,
              path: i.request.path,
              query: Object.keys(i.request.query),
              headers: Object.keys(i.request.headers),
              requestBody: i.request.body,
              status: i.response.status,
              responseBody: i.response.body,
            },
          ]
        : [],
    );
  } catch {
    return [];
  }
}
