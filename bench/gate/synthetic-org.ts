import { createHash } from 'node:crypto';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';
import { recordDeployment } from '../../broker/src/repositories/deployments.ts';
import { findEnvironmentByName, insertEnvironment } from '../../broker/src/repositories/environments.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { addPublication, ensurePactVersion } from '../../broker/src/repositories/pacts.ts';
import { addVerification } from '../../broker/src/repositories/verifications.ts';
import { addBranchVersion, ensureVersion } from '../../broker/src/repositories/versions.ts';
import type { Store } from '../../broker/src/storage/port.ts';

export interface OrgShape {
  services: number;
  /** Providers each service consumes. */
  integrations: number;
  /** Versions each service goes through (one release train every ~2 months over 16 months: 8). */
  versions: number;
  /** Share of consumer/provider pairs whose newest versions are incompatible. */
  breakRate?: number;
}

const name = (i: number) => `svc-${String(i).padStart(5, '0')}`;
const rand = (seed: string) => createHash('sha1').update(seed).digest().readUInt32BE(0) / 0xffffffff;

/** Who consumes whom: service i consumes `integrations` others, spread so the graph has hubs and chains. */
export function providersOf(i: number, shape: OrgShape): number[] {
  const out = new Set<number>();
  for (let k = 0; out.size < Math.min(shape.integrations, shape.services - 1); k++) {
    const j = (i + 1 + Math.floor(rand(`${i}:${k}`) * (shape.services - 1))) % shape.services;
    if (j !== i) out.add(j);
  }
  return [...out];
}

function pactJson(consumer: string, provider: string, version: number) {
  // The content changes every other version, so identical content shares verifications as in real life.
  const rev = Math.floor(version / 2);
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `get ${provider} item`,
        providerStates: [{ name: 'an item exists' }],
        request: { method: 'GET', path: `/items/${rev}` },
        response: { status: 200, body: { id: 1, rev } },
      },
      {
        description: `list ${provider} items`,
        request: { method: 'GET', path: '/items', query: { page: ['1'] } },
        response: { status: 200, body: [{ id: 1 }] },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/**
 * Loads a synthetic organisation through the store: every service releases `versions` versions in
 * turn; each version publishes its pacts, providers verify the pacts of the consumers deployed beside
 * them, and each version is deployed to production (so every service has a current and a prior version).
 * Returns the counts loaded.
 */
export async function loadOrg(
  store: Store,
  shape: OrgShape,
): Promise<{ versions: number; publications: number; verifications: number; deployments: number }> {
  const counts = { versions: 0, publications: 0, verifications: 0, deployments: 0 };
  const envId = await store.write(function* () {
    const env =
      (yield* findEnvironmentByName('production')) ??
      (yield* insertEnvironment('c0ffee00-0000-4000-8000-000000000001', { name: 'production', production: true }));
    return env.id;
  });
  const ids = await store.write(function* () {
    const out: number[] = [];
    for (let i = 0; i < shape.services; i++) out.push((yield* ensurePacticipant(name(i))).id);
    return out;
  });
  const providers = ids.map((_, i) => providersOf(i, shape));
  const consumersOf: number[][] = ids.map(() => []);
  for (const [c, ps] of providers.entries()) for (const p of ps) consumersOf[p].push(c);
  const versionId: number[][] = ids.map(() => []);
  const pactVersion = new Map<string, number>(); // `${c}:${p}:${v}` -> pact version id
  const breakRate = shape.breakRate ?? 0.02;
  const chunk = 250;
  for (let v = 1; v <= shape.versions; v++) {
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let i = start; i < Math.min(shape.services, start + chunk); i++) {
          const { row } = yield* ensureVersion(ids[i], `${v}.0.0`);
          versionId[i][v] = row.id;
          yield* addBranchVersion(ids[i], row.id, 'main');
          counts.versions++;
          for (const p of providers[i]) {
            const json = pactJson(name(i), name(p), v);
            const pact = parsePact(json);
            const pv = yield* ensurePactVersion(
              ids[i],
              ids[p],
              pactContentHash(pact),
              JSON.stringify(json),
              '3',
              pact.interactions.length,
            );
            yield* addPublication(row.id, ids[i], ids[p], pv.id);
            pactVersion.set(`${i}:${p}:${v}`, pv.id);
            counts.publications++;
          }
        }
      });
    }
    // Verifications: each provider's new version verifies its consumers' current (v-1) and new (v) pacts;
    // each consumer's new pact is verified by its provider's previous version too.
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let p = start; p < Math.min(shape.services, start + chunk); p++) {
          for (const c of consumersOf[p]) {
            for (const [cv, pv] of [
              [v, v],
              [v - 1, v],
              [v, v - 1],
            ] as const) {
              if (cv < 1 || pv < 1) continue;
              const broken = cv === v && pv === v - 1 && rand(`break:${c}:${p}:${v}`) < breakRate;
              yield* addVerification({
                pactVersionId: pactVersion.get(`${c}:${p}:${cv}`)!,
                providerVersionId: versionId[p][pv],
                consumerId: ids[c],
                providerId: ids[p],
                success: !broken,
              });
              counts.verifications++;
            }
          }
        }
      });
    }
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let i = start; i < Math.min(shape.services, start + chunk); i++) {
          yield* recordDeployment(versionId[i][v], ids[i], envId, '');
          counts.deployments++;
        }
      });
    }
  }
  return counts;
}

export { name as serviceName };
