import { parsePact } from '../../../../contracts/src/pact/parse.ts';
import type { ApiChangesRow, ApiFinding, DeploymentFacts, PactRow, PactUsage } from '../../gate/rollback/index.ts';
import { contractRefOfVersion, findOpenApiChanges, type ContractRef } from '../../repositories/openapi-changes.ts';
import type { Program } from '../../storage/sql.ts';
import { pactText } from '../evidence/queries.ts';
import { breakingFindings } from '../openapi-changes/findings.ts';

const vkey = (p: string, v: string) => `${p}\u0000${v}`;

/**
 * The stored diffs a provider's rollback reads (issue 20): for each target, from each instance's current document to
 * each version in play it may roll back to (a handful: `steps` back), and, only when one of them removes something,
 * the HTTP interactions of the pacts of the consumer versions live in the environment (to say who uses what is
 * removed). Never computes a diff: a pair not stored yet is `pending`.
 */
export function* gatherApiChanges(
  facts: DeploymentFacts,
  targets: readonly string[],
  inPlay: readonly { pacticipant: string; version: string }[],
  versionIds: ReadonlyMap<string, number>,
  pacts: readonly PactRow[],
  pactVersionOf: (consumer: string, consumerVersion: string, provider: string) => number | undefined,
): Program<{ apiChanges: ApiChangesRow[]; pactUsage: PactUsage[] }> {
  const contracts = new Map<number, ContractRef | undefined>();
  const contractOf = function* (pacticipant: string, version: string): Program<ContractRef | undefined> {
    const id = versionIds.get(vkey(pacticipant, version));
    if (id === undefined) return undefined;
    if (!contracts.has(id)) contracts.set(id, yield* contractRefOfVersion(id));
    return contracts.get(id);
  };
  const apiChanges: ApiChangesRow[] = [];
  const wanted = new Set(targets);
  for (const unit of facts.units) {
    if (!wanted.has(unit.name)) continue;
    const currents = [...new Set(unit.instances.map((i) => i.current))];
    const candidates = inPlay.filter((x) => x.pacticipant === unit.name).map((x) => x.version);
    for (const from of currents) {
      const base = yield* contractOf(unit.name, from);
      if (!base) continue;
      for (const to of candidates) {
        if (to === from) continue;
        const revision = yield* contractOf(unit.name, to);
        if (!revision) continue;
        apiChanges.push({ provider: unit.name, from, to, ...(yield* changesOf(base, revision)) });
      }
    }
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
